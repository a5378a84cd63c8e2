/**
 * Issue metric 1: ratchet crypto, Parley (pure TS over @noble) against Signal's libsignal (native
 * Rust) doing the same session traffic in the same process: same plaintext size, same message
 * count per round, same pattern. Per message = encrypt, serialise, parse, decrypt, store the
 * session. Also: session setup, bundle sign/verify, AMM sign/verify; and the secp256k1 backends
 * (libsecp256k1 WASM, the worker's choice, against @noble/curves, the reference) and the topic-key
 * PBKDF2 (WebCrypto against noble) measured side by side in the same run.
 */
import { relative } from 'node:path';
import type { BenchContext, Scenario } from '../lib/context.ts';
import { runInterleaved, withCpuProfile, type MicroOptions } from '../lib/micro.ts';
import { progress, stats, type Metric, type Stats } from '../lib/report.ts';
import type * as ParleyTypes from '../micro/parley.ts';
import type * as SignalTypes from '../micro/libsignal.ts';

const PLAINTEXT_BYTES = 200;
const PARLEY = 'Parley (TS; secp256k1 in libsecp256k1 WASM, the worker\'s backend)';
const NOBLE = 'same code on the @noble/curves backend (reference, fallback)';
const SIGNAL = 'libsignal-client 0.103 (native Rust, X25519 + ML-KEM)';
const XSIGN = 'libsignal XEdDSA sign (native)';
const XVERIFY = 'libsignal XEdDSA verify (native)';

type ParleyModule = typeof ParleyTypes;
type SignalModule = typeof SignalTypes;

function compare(id: string, name: string, unit: string, ours: Stats, ref: Stats | undefined, note?: string, refLabel = SIGNAL): Metric {
  return {
    issue: 1, id, name, unit, status: 'ok',
    ours: { label: PARLEY, stats: ours },
    ...(ref ? { reference: { label: refLabel, stats: ref }, ratio: ours.p50 / ref.p50 } : {}),
    ...(note ? { note } : {}),
  };
}

async function loadSignal(): Promise<{ mod?: SignalModule; error?: string }> {
  try {
    return { mod: await import('../micro/libsignal.ts') };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function backendRow(id: string, name: string, unit: string, wasm: Stats, noble: Stats, note: string): Metric {
  return {
    issue: 1, id, name, unit, status: 'ok',
    ours: { label: 'libsecp256k1 WASM backend (src/worker/crypto/secp256k1-wasm.ts)', stats: wasm },
    reference: { label: NOBLE, stats: noble }, ratio: wasm.p50 / noble.p50, note,
  };
}

/** Before/after of the crypto backends, interleaved in this run: WASM vs noble, WebCrypto vs noble PBKDF2. */
async function measureBackends(ctx: BenchContext, p: ParleyModule, use: (name: 'noble' | 'wasm') => void): Promise<Metric[]> {
  const o: MicroOptions = ctx.quick ? { rounds: 1, timeMs: 200, minIterations: 10 } : { rounds: 3, timeMs: 700, minIterations: 50 };
  const out: Metric[] = [];
  progress('ratchet', 'secp256k1 backends: libsecp256k1 WASM vs noble');
  const f = p.primitiveFixture();
  const on = (name: 'noble' | 'wasm', fn: () => unknown) => () => {
    use(name);
    return fn();
  };
  const prim = await runInterleaved({
    ecdhWasm: on('wasm', f.ecdh), ecdhNoble: on('noble', f.ecdh),
    recoverWasm: on('wasm', f.recover), recoverNoble: on('noble', f.recover),
    signWasm: on('wasm', f.sign), signNoble: on('noble', f.sign),
    keygenWasm: on('wasm', f.keygen), keygenNoble: on('noble', f.keygen),
  }, o);
  const same = 'Same bytes on both (src/worker/crypto/secp256k1.test.ts; every crypto, protocol and identity test runs on both backends).';
  out.push(backendRow('secp256k1.ecdh', 'secp256k1 ECDH (X only)', 'ms', prim['ecdhWasm']!, prim['ecdhNoble']!, `Arbitrary point × scalar, compressed point in. ${same}`));
  out.push(backendRow('secp256k1.recover', 'secp256k1 public-key recovery', 'ms', prim['recoverWasm']!, prim['recoverNoble']!, `65-byte r ‖ s ‖ v over a 32-byte digest; with the wrapper's input checks. ${same}`));
  out.push(backendRow('secp256k1.sign', 'secp256k1 sign (RFC 6979, low s)', 'ms', prim['signWasm']!, prim['signNoble']!, same));
  out.push(backendRow('secp256k1.keygen', 'secp256k1 public key of a new private key', 'ms', prim['keygenWasm']!, prim['keygenNoble']!, same));

  progress('ratchet', 'protocol steps on each backend');
  const alt = p.duplex(PLAINTEXT_BYTES);
  const pt = p.random(PLAINTEXT_BYTES);
  let turn = 0;
  const amm = p.ammFixture(PLAINTEXT_BYTES);
  const ammBytes = amm.sign();
  const steps = await runInterleaved({
    altWasm: on('wasm', () => alt(turn++ % 2 === 0 ? 'initiator' : 'responder', pt)),
    altNoble: on('noble', () => alt(turn++ % 2 === 0 ? 'initiator' : 'responder', pt)),
    ammWasm: on('wasm', () => amm.verify(ammBytes)), ammNoble: on('noble', () => amm.verify(ammBytes)),
  }, o);
  out.push(backendRow('ratchet.alternating.backends', 'ratchet msg, alternating (DH step): WASM vs noble', 'ms/msg', steps['altWasm']!, steps['altNoble']!, 'The alternating-senders row above, on each backend in turn within one session (2 ECDH + 1 key generation per message).'));
  out.push(backendRow('amm.verify.backends', 'AMM parse + recover author: WASM vs noble', 'ms', steps['ammWasm']!, steps['ammNoble']!, 'The AMM verify row above on each backend.'));
  use('wasm');

  progress('ratchet', 'topic keys K(s): WebCrypto PBKDF2 vs noble');
  const tk = p.topicKeyFixture();
  const count = ctx.quick ? 3 : 15;
  const native: number[] = [];
  const noble: number[] = [];
  for (let i = 0; i < count; i++) {
    let t0 = performance.now();
    await tk.native();
    native.push(performance.now() - t0);
    t0 = performance.now();
    tk.noble();
    noble.push(performance.now() - t0);
  }
  out.push({
    issue: 1, id: 'topic-key.pbkdf2', name: 'topic key K(s): PBKDF2-SHA256, 65,356 rounds', unit: 'ms', status: 'ok',
    ours: { label: 'WebCrypto deriveBits (native), one at a time', stats: stats(native) },
    reference: { label: '@noble/hashes pbkdf2 (the reference, and the synchronous fallback)', stats: stats(noble) }, ratio: stats(native).p50 / stats(noble).p50,
    note: 'Node 24 here; the worker derives the missing keys of a topic set all at once (prepareTopicKeys), so in Chromium they also run in parallel. Same bytes: spec symmetric_key vectors on both, random cross-check in src/worker/crypto/hashes.test.ts.',
  });
  return out;
}

async function measure(ctx: BenchContext, p: ParleyModule, s: SignalModule | undefined): Promise<Metric[]> {
  const o: MicroOptions = ctx.quick ? { rounds: 1, timeMs: 300, minIterations: 20 } : { rounds: 3, timeMs: 2000, minIterations: 200 };
  const out: Metric[] = [];
  const pt = p.random(PLAINTEXT_BYTES);
  const ptSignal = new Uint8Array(pt);

  progress('ratchet', `one sender, ${o.rounds} round(s)`);
  const pOne = p.duplex(PLAINTEXT_BYTES);
  const sOne = s ? await s.duplex(PLAINTEXT_BYTES) : undefined;
  const one = await runInterleaved({
    parley: () => pOne('initiator', pt),
    ...(sOne ? { signal: () => sOne('initiator', ptSignal) } : {}),
  }, o);
  out.push(compare('ratchet.one-sender', 'ratchet msg, one sender (enc+dec)', 'ms/msg', one['parley']!, one['signal'],
    `${PLAINTEXT_BYTES} B plaintext; session confirmed before timing; every message serialised and parsed. No DH step here, so ours is hashes + AES only; libsignal's call is async (its Rust core calls the JS session/identity stores through N-API on every message) and its messages carry the post-quantum ratchet field.`));

  progress('ratchet', 'alternating senders (DH step every message)');
  const pAlt = p.duplex(PLAINTEXT_BYTES);
  const sAlt = s ? await s.duplex(PLAINTEXT_BYTES) : undefined;
  let pTurn = 0;
  let sTurn = 0;
  const alt = await runInterleaved({
    parley: () => pAlt(pTurn++ % 2 === 0 ? 'initiator' : 'responder', pt),
    ...(sAlt ? { signal: () => sAlt(sTurn++ % 2 === 0 ? 'initiator' : 'responder', ptSignal) } : {}),
  }, o);
  out.push(compare('ratchet.alternating', 'ratchet msg, alternating (DH step)', 'ms/msg', alt['parley']!, alt['signal'],
    'Each message flips direction, so the receiver does a DH ratchet step and the sender a new sending chain: for us two secp256k1 ECDH and one key generation per message (libsecp256k1 WASM; the noble figure is in the backend rows below).'));

  progress('ratchet', 'session setup');
  const pSetup = p.setupFixture(PLAINTEXT_BYTES);
  const sSetup = s ? await s.setupFixture(PLAINTEXT_BYTES) : undefined;
  const setupOpts: MicroOptions = ctx.quick ? { rounds: 1, timeMs: 200, minIterations: 5 } : { rounds: 3, timeMs: 1000, minIterations: 20 };
  const setup = await runInterleaved({ parley: pSetup, ...(sSetup ? { signal: sSetup } : {}) }, setupOpts);
  out.push(compare('x3dh.setup', 'session setup + first message', 'ms', setup['parley']!, setup['signal'],
    'Ours: X3DH over secp256k1 (initiate, then respond on the first message). Reference: processPreKeyBundle (PQXDH: X25519 + ML-KEM-1024) and decrypt of the PreKeySignalMessage. Keys and bundles are made outside the timing on both sides.'));

  progress('ratchet', 'bundle and AMM signatures');
  const bundle = p.bundleFixture();
  const signed = bundle.sign();
  const amm = p.ammFixture(PLAINTEXT_BYTES);
  const ammBytes = amm.sign();
  const sig = s?.signatureFixture(PLAINTEXT_BYTES);
  const sigBytes = sig?.sign();
  const sigOpts: MicroOptions = { ...o, timeMs: o.timeMs / 2 };
  const sigs = await runInterleaved({
    bundleSign: () => bundle.sign(),
    bundleVerify: () => bundle.verify(signed),
    ammSign: () => amm.sign(),
    ammVerify: () => amm.verify(ammBytes),
    ...(sig && sigBytes ? { xeddsaSign: () => sig.sign(), xeddsaVerify: () => sig.verify(sigBytes) } : {}),
  }, sigOpts);
  const xNote = 'Reference: libsignal XEdDSA over Curve25519 (how Signal signs prekeys), same message size.';
  out.push(compare('bundle.sign', 'bundle sign', 'ms', sigs['bundleSign']!, sigs['xeddsaSign'], `One installation. ${xNote}`, XSIGN));
  out.push(compare('bundle.verify', 'bundle verify (recover + compare)', 'ms', sigs['bundleVerify']!, sigs['xeddsaVerify'], xNote, XVERIFY));
  out.push(compare('amm.sign', 'AMM build + sign', 'ms', sigs['ammSign']!, sigs['xeddsaSign'], `${PLAINTEXT_BYTES} B payload; includes the message id (keccak). ${xNote}`, XSIGN));
  out.push(compare('amm.verify', 'AMM parse + recover author', 'ms', sigs['ammVerify']!, sigs['xeddsaVerify'], xNote, XVERIFY));
  return out;
}

export const ratchetScenario: Scenario = {
  name: 'ratchet',
  async run(ctx) {
    const p = (await import(`${ctx.bundles.nodeDir}/parley.js`)) as ParleyModule;
    const signal = await loadSignal();
    if (signal.error) progress('ratchet', `libsignal could not load: ${signal.error}`);
    const secp = await p.secpBackends();
    const { value, profile } = await withCpuProfile(ctx.profileDir, 'ratchet', async () => [...await measure(ctx, p, signal.mod), ...await measureBackends(ctx, p, secp.use)]);
    if (profile) ctx.profiles.push(relative(ctx.root, profile));
    if (!signal.mod) {
      value.push({
        issue: 1, id: 'ratchet.reference', name: 'libsignal reference', unit: '', status: 'blocked',
        note: `@signalapp/libsignal-client did not load here (${signal.error}); Parley numbers above have no anchor in this run.`,
      });
    }
    return value;
  },
};
