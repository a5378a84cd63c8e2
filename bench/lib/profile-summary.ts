/**
 * Reads a V8 .cpuprofile and names where the time went: self time per function (file:line),
 * largest first. Used with --cpu-prof to put the hot spots into the report next to the numbers.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { originalPosition, sourceMapOf } from './sourcemap.ts';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; hitCount?: number }[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  readonly fn: string;
  readonly selfMs: number;
  readonly share: number;
}

const BUILD = fileURLToPath(new URL('../../build', import.meta.url));

/** `source:line` of a frame, through the bundle's source map when the frame is in a bench bundle. */
function where(f: { url: string; lineNumber: number; columnNumber: number }): string {
  if (!f.url) return '';
  // Chromium worker profiles (catch-up, cold start) name the served build: map them through build/.
  const file = f.url.startsWith('file://') ? fileURLToPath(f.url) : f.url.startsWith('http') ? `${BUILD}${new URL(f.url).pathname}` : undefined;
  if (file) {
    const map = sourceMapOf(file);
    const pos = map ? originalPosition(map, f.lineNumber, f.columnNumber) : undefined;
    if (pos) return `${pos.source.replace(/^(\.\.\/)+/, '')}:${pos.line}`;
  }
  return `${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
}

export async function hotSpots(path: string, top = 10): Promise<HotSpot[]> {
  const p = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const byNode = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    const node = byNode.get(id);
    if (!node) return;
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${where(f)}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
    if (f.functionName !== '(idle)' && f.functionName !== '(program)') total += dt;
  });
  return [...self.entries()]
    .filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)'))
    .sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([fn, ms]) => ({ fn, selfMs: Math.round(ms), share: Math.round((ms / (total || 1)) * 1000) / 10 }));
}
