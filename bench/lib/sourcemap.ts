/** Minimal source-map reader (v3 `mappings`, base64 VLQ): enough to attribute bytes and name profile frames. */
import { existsSync, readFileSync } from 'node:fs';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** [generated column, source index or -1, original line (0-based), original column]. */
export type Segment = [number, number, number, number];

export interface SourceMap {
  readonly sources: string[];
  /** Segments per generated line, sorted by column. */
  readonly lines: Segment[][];
}

function vlq(seg: string): number[] {
  const fields: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of seg) {
    const d = B64.indexOf(ch);
    value += (d & 31) << shift;
    if (d & 32) shift += 5;
    else {
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return fields;
}

export function parseSourceMap(json: string): SourceMap {
  const map = JSON.parse(json) as { sources: string[]; mappings: string };
  let source = 0;
  let line = 0;
  let col = 0;
  const lines = map.mappings.split(';').map((text) => {
    let gen = 0;
    const segs: Segment[] = [];
    for (const s of text.split(',')) {
      if (!s) continue;
      const f = vlq(s);
      gen += f[0] ?? 0;
      if (f.length >= 4) {
        source += f[1]!;
        line += f[2]!;
        col += f[3]!;
        segs.push([gen, source, line, col]);
      } else segs.push([gen, -1, 0, 0]);
    }
    return segs;
  });
  return { sources: map.sources, lines };
}

const cache = new Map<string, SourceMap | null>();

/** The source map next to a generated file (`file.map`), cached; null when there is none. */
export function sourceMapOf(file: string): SourceMap | null {
  if (!cache.has(file)) cache.set(file, existsSync(`${file}.map`) ? parseSourceMap(readFileSync(`${file}.map`, 'utf8')) : null);
  return cache.get(file)!;
}

/** Original `source:line` for a generated position (0-based line and column), if mapped. */
export function originalPosition(map: SourceMap, line: number, column: number): { source: string; line: number } | undefined {
  const segs = map.lines[line];
  if (!segs?.length) return undefined;
  let hit: Segment | undefined;
  for (const s of segs) {
    if (s[0] > column) break;
    hit = s;
  }
  if (!hit || hit[1] < 0) return undefined;
  return { source: map.sources[hit[1]] ?? '?', line: hit[2] + 1 };
}
