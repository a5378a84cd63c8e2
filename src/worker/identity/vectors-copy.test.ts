/**
 * test/vectors/public.json is a verbatim copy of ../shared/spec/vectors/public.json (provenance in
 * test/vectors/README.md). This fails when the shared copy moves on without us.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const LOCAL = new URL('../../../test/vectors/public.json', import.meta.url);
const SHARED = new URL('../../../../shared/spec/vectors/public.json', import.meta.url);
const README = new URL('../../../test/vectors/README.md', import.meta.url);

describe('test/vectors/public.json', () => {
  it('is the status-protocol vector file, version 1, as named in the README', () => {
    const parsed = JSON.parse(readFileSync(LOCAL, 'utf8')) as { format: string; version: number };
    expect(parsed.format).toBe('status-protocol test vectors');
    expect(readFileSync(README, 'utf8')).toContain(`version ${parsed.version}`);
  });

  const hasShared = existsSync(SHARED);
  const title = hasShared
    ? 'is byte-identical to ../shared/spec/vectors/public.json'
    : 'SKIPPED: ../shared/spec/vectors/public.json is absent, so the copy cannot be compared';
  it.skipIf(!hasShared)(title, () => {
    expect(readFileSync(LOCAL).equals(readFileSync(SHARED))).toBe(true);
  });
});
