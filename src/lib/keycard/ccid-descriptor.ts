/**
 * The CCID class descriptor (USB CCID 1.1 §5.1, bDescriptorType 0x21, 54 bytes) inside a
 * reader's configuration descriptor: which exchange level the reader offers (dwFeatures) and its
 * largest message (dwMaxCCIDMessageLength). Parley builds APDUs, never T=1 blocks, so readers that
 * only offer TPDU or character level are refused with a clear error instead of failing oddly.
 * Pure: parses bytes that webusb-ccid.ts reads with GET_DESCRIPTOR.
 */

export const CCID_CLASS_DESCRIPTOR_TYPE = 0x21;
const CCID_CLASS_DESCRIPTOR_LENGTH = 0x36;
/** dwFeatures exchange-level bits (§5.1, table 5.1-1). */
const LEVEL = { tpdu: 0x0001_0000, shortApdu: 0x0002_0000, extendedApdu: 0x0004_0000 } as const;

export type ExchangeLevel = 'character' | 'tpdu' | 'short-apdu' | 'extended-apdu';

export interface CcidClassDescriptor {
  readonly features: number;
  readonly exchangeLevel: ExchangeLevel;
  readonly maxMessageLength: number;
}

/** Finds and reads the first CCID class descriptor in a configuration descriptor; null if none. */
export function parseCcidClassDescriptor(config: Uint8Array): CcidClassDescriptor | null {
  let offset = 0;
  while (offset + 2 <= config.length) {
    const length = config[offset] ?? 0;
    if (length < 2 || offset + length > config.length) return null;
    if (config[offset + 1] === CCID_CLASS_DESCRIPTOR_TYPE && length >= CCID_CLASS_DESCRIPTOR_LENGTH) {
      const view = new DataView(config.buffer, config.byteOffset + offset, length);
      const features = view.getUint32(40, true);
      const exchangeLevel: ExchangeLevel =
        features & LEVEL.extendedApdu ? 'extended-apdu' : features & LEVEL.shortApdu ? 'short-apdu' : features & LEVEL.tpdu ? 'tpdu' : 'character';
      return { features, exchangeLevel, maxMessageLength: view.getUint32(44, true) };
    }
    offset += length;
  }
  return null;
}
