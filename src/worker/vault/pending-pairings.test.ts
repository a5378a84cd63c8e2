import { describe, expect, it } from 'vitest';
import { bytesToHex } from '$lib/shared/bytes.ts';
import { createDeviceKey } from '../crypto/device-key.ts';
import { randomBytes } from '../crypto/random.ts';
import { MAX_PENDING_PAIRINGS, PendingPairings, memoryPendingPairings } from './pending-pairings.ts';

const pairingFor = (index: number) => ({ instanceUid: randomBytes(16), index, key: randomBytes(32) });
const hexOf = (p: { instanceUid: Uint8Array; index: number; key: Uint8Array } | null) =>
  p && { uid: bytesToHex(p.instanceUid), index: p.index, key: bytesToHex(p.key) };

describe('pending Keycard pairings (kept on the device until a login stores them)', () => {
  it('keeps a pairing per card, replaces one for the same card, and forgets it on remove', async () => {
    const backend = memoryPendingPairings();
    const store = new PendingPairings(backend);
    const a = pairingFor(0);
    const b = pairingFor(3);
    expect(await store.find(a.instanceUid)).toBeNull();
    await store.put(a);
    await store.put(b);
    expect(hexOf(await store.find(a.instanceUid))).toEqual(hexOf(a));
    expect(hexOf(await store.find(b.instanceUid))).toEqual(hexOf(b));

    const a2 = { instanceUid: a.instanceUid, index: 4, key: randomBytes(32) };
    await store.put(a2);
    expect(hexOf(await store.find(a.instanceUid))).toEqual(hexOf(a2));

    await store.remove(a.instanceUid);
    expect(await store.find(a.instanceUid)).toBeNull();
    expect(hexOf(await store.find(b.instanceUid))).toEqual(hexOf(b));
    await store.remove(b.instanceUid);
    expect(backend.current).toBeUndefined();
  });

  it('seals the record: neither the pairing key nor the card UID is readable in it', async () => {
    const backend = memoryPendingPairings();
    const p = pairingFor(1);
    await new PendingPairings(backend).put(p);
    const record = backend.current!;
    const stored = bytesToHex(record.sealed);
    expect(stored).not.toContain(bytesToHex(p.key));
    expect(stored).not.toContain(bytesToHex(p.instanceUid));
    expect(new TextDecoder().decode(record.sealed)).not.toContain(bytesToHex(p.key));
    // A second store over the same backend (the next worker start) reads it back.
    expect(hexOf(await new PendingPairings(backend).find(p.instanceUid))).toEqual(hexOf(p));
  });

  it('a tampered record, or one sealed by another device key, reads as empty and is replaced on the next put', async () => {
    const backend = memoryPendingPairings();
    const store = new PendingPairings(backend);
    const p = pairingFor(2);
    await store.put(p);
    const good = backend.current!;
    const flipped = good.sealed.slice();
    flipped[5] = flipped[5]! ^ 0x01;
    await backend.write({ ...good, sealed: flipped });
    expect(await store.find(p.instanceUid)).toBeNull();
    await backend.write({ ...good, deviceKey: await createDeviceKey() });
    expect(await store.find(p.instanceUid)).toBeNull();
    await backend.write({ ...good, iv: new Uint8Array(0) });
    expect(await store.find(p.instanceUid)).toBeNull();

    const q = pairingFor(0);
    await store.put(q);
    expect(hexOf(await store.find(q.instanceUid))).toEqual(hexOf(q));
    expect(await store.find(p.instanceUid)).toBeNull();
  });

  it(`keeps at most ${MAX_PENDING_PAIRINGS} cards, dropping the oldest`, async () => {
    const store = new PendingPairings(memoryPendingPairings());
    const all = Array.from({ length: MAX_PENDING_PAIRINGS + 2 }, (_, i) => pairingFor(i % 5));
    for (const p of all) await store.put(p);
    expect(await store.find(all[0]!.instanceUid)).toBeNull();
    expect(await store.find(all[1]!.instanceUid)).toBeNull();
    for (const p of all.slice(2)) expect(hexOf(await store.find(p.instanceUid))).toEqual(hexOf(p));
  });

  it('concurrent puts for different cards both land (read-modify-write is serialised)', async () => {
    const store = new PendingPairings(memoryPendingPairings());
    const ps = [pairingFor(0), pairingFor(1), pairingFor(2)];
    await Promise.all(ps.map((p) => store.put(p)));
    for (const p of ps) expect(hexOf(await store.find(p.instanceUid))).toEqual(hexOf(p));
  });
});
