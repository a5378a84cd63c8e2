import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utf8ToBytes } from '$lib/shared/bytes.ts';
import { decodeBackup, encodeBackup, type BackupContents } from './backup.ts';

const contents: BackupContents = {
  format: 'parley-backup',
  createdAt: 1_700_000_000_000,
  records: [
    { store: 'identity', id: 'self', value: { mnemonic: 'abandon '.repeat(11) + 'about', displayName: 'Alice' } },
    { store: 'contacts', id: '0x04ab', value: { key: new Uint8Array([9, 8, 7]) } },
  ],
};

describe('encrypted backup file', () => {
  it('round-trips with the right password and is refused with a wrong one', async () => {
    const file = await encodeBackup(contents, 'backup pass 1');
    expect(await decodeBackup(file, 'backup pass 1')).toEqual({ ok: true, value: contents });
    expect(await decodeBackup(file, 'backup pass 2')).toEqual({ ok: false, error: { code: 'backup/wrong_password' } });
    expect(new TextDecoder('latin1').decode(file)).not.toContain('Alice');
  });

  it('rejects a damaged file: flipped bits in the header or body', async () => {
    const file = await encodeBackup(contents, 'pw-123456');
    for (const i of [20, 30, file.length - 1]) {
      const bad = file.slice();
      bad[i]! ^= 0x40;
      expect((await decodeBackup(bad, 'pw-123456')).ok).toBe(false);
    }
  });

  it.each([
    ['an empty file', new Uint8Array(0), 'backup/not_parley'],
    ['a text file', utf8ToBytes('hello, this is not a backup'), 'backup/not_parley'],
    ['a PNG', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'backup/not_parley'],
    ['only the magic', utf8ToBytes('PARLEYBK'), 'backup/truncated'],
    ['a future version', new Uint8Array([...utf8ToBytes('PARLEYBK'), 2, ...new Uint8Array(80)]), 'backup/unsupported_version'],
    ['a truncated header', new Uint8Array([...utf8ToBytes('PARLEYBK'), 1, 0, 0]), 'backup/truncated'],
    ['absurd KDF parameters', new Uint8Array([...utf8ToBytes('PARLEYBK'), 1, 0xff, 0xff, 0xff, 0xff, 1, 1, ...new Uint8Array(80)]), 'backup/bad_parameters'],
  ])('rejects %s with %s', async (_name, file, code) => {
    expect(await decodeBackup(file, 'pw-123456')).toEqual({ ok: false, error: expect.objectContaining({ code }) as unknown });
  });

  it('rejects a well-encrypted file whose contents are not a Parley backup', async () => {
    const foreign = await encodeBackup({ format: 'something-else' } as unknown as BackupContents, 'pw-123456');
    expect(await decodeBackup(foreign, 'pw-123456')).toEqual({ ok: false, error: { code: 'backup/bad_contents' } });
  });

  it('carries a record\'s group, and refuses a group that is not a string', async () => {
    const grouped: BackupContents = { ...contents, records: [...contents.records, { store: 'messages', id: 'm1', value: { text: 'hi' }, group: 'chat-1' }] };
    expect(await decodeBackup(await encodeBackup(grouped, 'pw-123456'), 'pw-123456')).toEqual({ ok: true, value: grouped });
    const bad = { ...contents, records: [{ store: 'messages', id: 'm1', value: {}, group: 7 }] } as unknown as BackupContents;
    expect(await decodeBackup(await encodeBackup(bad, 'pw-123456'), 'pw-123456')).toEqual({ ok: false, error: { code: 'backup/bad_contents' } });
  });

  it('never throws on random bytes, with or without the magic', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.boolean(), async (bytes, withMagic) => {
        const file = withMagic ? new Uint8Array([...utf8ToBytes('PARLEYBK'), ...bytes]) : bytes;
        const r = await decodeBackup(file, 'pw');
        expect(r.ok).toBe(false);
      }),
      { numRuns: 40 },
    );
  });
});
