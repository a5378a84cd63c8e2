/**
 * Issue metric 1: ratchet crypto, Parley (pure TS over @noble) against Signal's libsignal (native
 * Rust) doing the same session traffic in the same process: same plaintext size, same message
 * count per round, same pattern. Per message = encrypt, serialise, parse, decrypt, store the
 * session. Also: session setup, bundle sign/verify, AMM sign/verify.
 */
import { relative } from 'node:path';
import type { BenchContext, Scenario } from '../lib/context.ts';
import { runInterleaved, withCpuProfile, type MicroOptions } from '../lib/micro.ts';
import { progress, type Metric, type Stats } from '../lib/report.ts';
import type * as ParleyTypes from '../micro/parley.ts';
import type * as SignalTypes from '../micro/libsignal.ts';

const PLAINTEXT_BYTES = 200;
const PARLEY = 'Parley (TS, @noble/curves secp256k1)';
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
    'Each message flips direction, so the receiver does a DH ratchet step and the sender a new sending chain: for us two secp256k1 ECDH and one key generation in @noble/curves per message, which is where the time goes (see the CPU profile).'));

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
    const { value, profile } = await withCpuProfile(ctx.profileDir, 'ratchet', () => measure(ctx, p, signal.mod));
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
