import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { keccak256 } from '../../crypto/hashes.ts';
import { ecdh, publicKeyOf } from '../../crypto/secp256k1.ts';
import { BundleSchema } from '../generated/protocol_message_pb.ts';
import { keyPairFromPrivate } from '../keys.ts';
import { hex, loadVectors, toHex } from '../test-support/vectors.ts';
import { bundleSignatureMaterial, signBundle, verifyBundle } from './bundle.ts';
import { x3dhInitiate, x3dhRespond } from './x3dh.ts';

const v = loadVectors();

describe('x3dh vectors', () => {
  it('x3dh', () => {
    const x = v.x3dh;
    type VKey = { name: string; private_key: string; public_key_uncompressed: string; public_key_compressed: string };
    const keys: Record<string, VKey> = Object.fromEntries((x.keys as VKey[]).map((k) => [k.name.split(' ')[0], k]));
    for (const k of Object.values(keys)) {
      expect(toHex(publicKeyOf(hex(k.private_key), false))).toBe(k.public_key_uncompressed);
      expect(toHex(publicKeyOf(hex(k.private_key), true))).toBe(k.public_key_compressed);
    }
    const [ika, ikb, spkb, eka] = ['IK_A', 'IK_B', 'SPK_B', 'EK_A'].map((n) => keys[n]!);
    expect(toHex(ecdh(hex(ika!.private_key), hex(spkb!.public_key_compressed)))).toBe(x['DH1=DH(IK_A,SPK_B)']);
    expect(toHex(ecdh(hex(eka!.private_key), hex(ikb!.public_key_compressed)))).toBe(x['DH2=DH(EK_A,IK_B)']);
    expect(toHex(ecdh(hex(eka!.private_key), hex(spkb!.public_key_compressed)))).toBe(x['DH3=DH(EK_A,SPK_B)']);

    const init = x3dhInitiate({
      identityPrivateKey: hex(ika!.private_key),
      ephemeral: keyPairFromPrivate(hex(eka!.private_key)),
      theirIdentityKey: hex(ikb!.public_key_uncompressed),
      theirSignedPreKey: hex(spkb!.public_key_compressed),
    });
    expect(init.ok).toBe(true);
    if (!init.ok) return;
    expect(toHex(init.value.sharedKey)).toBe(x['SK=keccak256(DH1||DH2||DH3)']);
    expect(toHex(init.value.bundleId)).toBe(spkb!.public_key_compressed);
    expect(toHex(init.value.ephemeralPublicKey)).toBe(eka!.public_key_compressed);

    const resp = x3dhRespond({
      identityPrivateKey: hex(ikb!.private_key),
      signedPreKeyPrivateKey: hex(spkb!.private_key),
      theirIdentityKey: hex(ika!.public_key_compressed),
      theirEphemeralKey: hex(eka!.public_key_compressed),
    });
    expect(resp.ok && toHex(resp.value)).toBe(x['SK=keccak256(DH1||DH2||DH3)']);
  });
});

describe('bundle vectors', () => {
  it('bundle', () => {
    const b = v.bundle;
    const timestamp = BigInt(b.timestamp);
    expect(timestamp).toBe(1_700_000_000_000_000_000n);
    const spk = { signedPreKey: hex(b.signed_pre_key_compressed), version: b.signed_pre_key_version, protocolVersion: 1 };
    const material = bundleSignatureMaterial({ [b.installation_id]: spk }, timestamp);
    expect(toHex(material)).toBe(b.signature_material);
    expect(toHex(keccak256(material))).toBe(b.keccak256_of_material);

    const signed = signBundle({
      identityPrivateKey: hex(b.identity_private_key),
      identityPublicKey: hex(b.identity_compressed),
      signedPreKeys: { [b.installation_id]: spk },
      timestamp,
    });
    expect(toHex(signed.identity)).toBe(b.identity_compressed);
    expect(toHex(signed.signature)).toBe(b.signature);

    const received = create(BundleSchema, {
      identity: hex(b.identity_compressed),
      signedPreKeys: { [b.installation_id]: { signedPreKey: hex(b.signed_pre_key_compressed), version: b.signed_pre_key_version } },
      signature: hex(b.signature),
      timestamp,
    });
    expect(verifyBundle(received).ok).toBe(true);
  });
});
