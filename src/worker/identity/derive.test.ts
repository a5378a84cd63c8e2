/**
 * §1.1 derivation. No public Status vector ties a phrase to a chat key, so this checks (a) the seed
 * and a wallet address against widely published BIP39/BIP32 reference values, (b) that our
 * step-wise, wiping derivation equals @scure/bip32's own path derivation, and (c) structure.
 */
import { inspect } from 'node:util';
import { HDKey } from '@scure/bip32';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../lib/shared/bytes.ts';
import { keccak256 } from '../crypto/hashes.ts';
import { publicKeyOf } from '../crypto/secp256k1.ts';
import { encodeChatKey } from './chat-key.ts';
import {
  CHAT_KEY_PATH, DATABASE_KEY_PATH, SecretKeyPair, deriveIdentityKeys, deriveIdentityKeysFromSeed,
  derivePrivateKey, mnemonicToSeed, parsePath,
} from './derive.ts';
import { IdentityArgumentError } from './errors.ts';
import { mnemonicFromEntropy } from './mnemonic.ts';

const ABANDON = mnemonicFromEntropy(new Uint8Array(16)); // "abandon … about"
/** BIP39 seed of "abandon … about" with the empty passphrase (published in many BIP39 test suites). */
const ABANDON_SEED =
  '5eb00bbddcf069084889a8ab9155568165f5c453ccb85e70811aaed6f6da5fc19a5ac40b389cd370d086206dec8aa6c43daea6690f20ad3d8d48b2d2ce9e38e4';
/** Ethereum address of m/44'/60'/0'/0/0 for "abandon … about" (the well-known first MetaMask account). */
const ABANDON_ETH_ADDRESS = '9858effd232b4033e47d90003d41ec34ecaeda94';

const seedBytes = (): Uint8Array => Uint8Array.from(Buffer.from(ABANDON_SEED, 'hex'));

describe('seed and BIP32 (reference values)', () => {
  it('the seed of "abandon … about" with the empty passphrase is the published one', () => {
    expect(ABANDON.phrase.startsWith('abandon abandon')).toBe(true);
    expect(bytesToHex(mnemonicToSeed(ABANDON))).toBe(ABANDON_SEED);
  });

  it("derivePrivateKey at m/44'/60'/0'/0/0 gives the published Ethereum address", () => {
    const priv = derivePrivateKey(HDKey.fromMasterSeed(seedBytes()), "m/44'/60'/0'/0/0");
    const address = keccak256(publicKeyOf(priv, false).subarray(1)).subarray(12);
    expect(bytesToHex(address)).toBe(ABANDON_ETH_ADDRESS);
  });
});

describe('deriveIdentityKeys (§1.1 paths)', () => {
  const keys = deriveIdentityKeys(ABANDON);

  it('chat and database keys equal @scure/bip32 derive() at the §1.1 paths', () => {
    const root = HDKey.fromMasterSeed(seedBytes());
    for (const [pair, path] of [[keys.chatKey, CHAT_KEY_PATH], [keys.databaseKey, DATABASE_KEY_PATH]] as const) {
      const node = root.derive(path);
      expect(bytesToHex(pair.privateKey)).toBe(bytesToHex(node.privateKey!));
      expect(bytesToHex(pair.publicKey)).toBe(bytesToHex(node.publicKey!));
    }
  });

  it('has the §1.1 path strings', () => {
    expect(CHAT_KEY_PATH).toBe("m/43'/60'/1581'/0'/0");
    expect(DATABASE_KEY_PATH).toBe("m/43'/60'/1581'/1'/0");
  });

  it('returns 32-byte private keys with matching 33-byte compressed public keys', () => {
    for (const pair of [keys.chatKey, keys.databaseKey]) {
      expect(pair.privateKey.length).toBe(32);
      expect(bytesToHex(pair.publicKey)).toBe(bytesToHex(publicKeyOf(pair.privateKey, true)));
      expect(bytesToHex(pair.uncompressedPublicKey)).toBe(bytesToHex(publicKeyOf(pair.privateKey, false)));
    }
    expect(bytesToHex(keys.chatKey.privateKey)).not.toBe(bytesToHex(keys.databaseKey.privateKey));
    expect(encodeChatKey(keys.chatKey.publicKey)).toMatch(/^zQ3sh[1-9A-HJ-NP-Za-km-z]{44}$/);
  });

  it('is deterministic and depends on the phrase', () => {
    const again = deriveIdentityKeys(mnemonicFromEntropy(new Uint8Array(16)));
    expect(bytesToHex(again.chatKey.privateKey)).toBe(bytesToHex(keys.chatKey.privateKey));
    const other = deriveIdentityKeys(mnemonicFromEntropy(new Uint8Array(16).fill(0x7f)));
    expect(bytesToHex(other.chatKey.publicKey)).not.toBe(bytesToHex(keys.chatKey.publicKey));
  });

  it('from a seed, leaves the caller’s seed untouched', () => {
    const seed = seedBytes();
    const fromSeed = deriveIdentityKeysFromSeed(seed);
    expect(bytesToHex(seed)).toBe(ABANDON_SEED);
    expect(bytesToHex(fromSeed.chatKey.publicKey)).toBe(bytesToHex(keys.chatKey.publicKey));
  });

  it('rejects a seed of the wrong length, naming it', () => {
    expect(() => deriveIdentityKeysFromSeed(new Uint8Array(32))).toThrow(/^seed: /);
  });
});

describe('SecretKeyPair', () => {
  const priv = Uint8Array.from(Buffer.from('11'.repeat(32), 'hex'));

  it('never shows the private key in String, JSON or inspect, and shows the public key', () => {
    const pair = new SecretKeyPair(priv);
    const keys = deriveIdentityKeys(ABANDON);
    const secrets = [bytesToHex(priv), bytesToHex(keys.chatKey.privateKey), bytesToHex(keys.databaseKey.privateKey)];
    const shown = [String(pair), JSON.stringify(pair), inspect(pair), JSON.stringify(keys), inspect(keys), `${keys.chatKey}`];
    for (const s of shown) for (const secret of secrets) expect(s).not.toContain(secret);
    expect(String(pair)).toContain(bytesToHex(pair.publicKey));
  });

  it('copies its input and can be wiped', () => {
    const input = Uint8Array.from(priv);
    const pair = new SecretKeyPair(input);
    input.fill(0);
    expect(bytesToHex(pair.privateKey)).toBe(bytesToHex(priv));
    pair.wipe();
    expect(pair.privateKey.every((b) => b === 0)).toBe(true);
  });

  const bad: [string, Uint8Array][] = [
    ['zero scalar', new Uint8Array(32)],
    ['31 bytes', new Uint8Array(31).fill(1)],
    ['33 bytes', new Uint8Array(33).fill(1)],
    ['the group order n', Uint8Array.from(Buffer.from('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141', 'hex'))],
  ];
  for (const [what, key] of bad) {
    it(`rejects ${what}`, () => expect(() => new SecretKeyPair(key)).toThrow(IdentityArgumentError));
  }
});

describe('parsePath', () => {
  it('parses hardened and normal components', () => {
    expect(parsePath("m/43'/60'/1581'/0'/0")).toEqual([0x8000002b, 0x8000003c, 0x8000062d, 0x80000000, 0]);
    expect(parsePath('m')).toEqual([]);
  });

  for (const bad of ['', '43/0', "m/43''", 'm/-1', 'm/a', 'm//0', "m/2147483648'", 'm/0h', 'M/0']) {
    it(`rejects ${JSON.stringify(bad)}`, () => expect(() => parsePath(bad)).toThrow(/^path: /));
  }
});
