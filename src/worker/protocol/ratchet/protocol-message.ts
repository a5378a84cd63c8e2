/**
 * ProtocolMessage (encryption layer, L3): building the message a sender publishes, detecting
 * whether received bytes are encryption-layer wrapped, and selecting the entry addressed to us.
 * Spec: status-protocol.md §2.2 step 4, §2.3 step 4, §4.7 (receiver-side selection), §5.3.
 */
import { create } from '@bufbuild/protobuf';
import { decodeProto, encodeProto } from '../codec.ts';
import { ProtocolMessageSchema } from '../generated/protocol_message_pb.ts';
import type { Bundle, EncryptedMessageProtocol, ProtocolMessage } from '../generated/protocol_message_pb.ts';
import { err, ok } from '../result.ts';
import type { Result } from '../result.ts';
import { NO_INSTALLATION } from './dh-only.ts';

export type SelectError = 'DEVICE_NOT_FOUND';

export function buildProtocolMessage(opts: {
  readonly installationId: string;
  readonly bundles: readonly Bundle[];
  readonly encryptedMessage?: Record<string, EncryptedMessageProtocol>;
  readonly publicMessage?: Uint8Array;
}): Uint8Array {
  const msg = create(ProtocolMessageSchema, {
    installationId: opts.installationId,
    bundles: [...opts.bundles],
    encryptedMessage: opts.encryptedMessage ?? {},
    publicMessage: opts.publicMessage ?? new Uint8Array(0),
  });
  return encodeProto(ProtocolMessageSchema, msg);
}

/**
 * §2.3 step 4: a ProtocolMessage only if it parses and carries `encrypted_message` or
 * `public_message`; otherwise undefined, and the caller continues with the bytes unchanged.
 */
export function parseProtocolMessage(bytes: Uint8Array): ProtocolMessage | undefined {
  const d = decodeProto(ProtocolMessageSchema, bytes);
  if (!d.ok) return undefined;
  const wrapped = Object.keys(d.value.encryptedMessage).length > 0 || d.value.publicMessage.length > 0;
  return wrapped ? d.value : undefined;
}

/** §4.7 receiver-side selection: own installation id, else "none". */
export function selectEntry(
  msg: ProtocolMessage,
  ownInstallationId: string,
): Result<{ readonly key: string; readonly entry: EncryptedMessageProtocol }, SelectError> {
  for (const key of [ownInstallationId, NO_INSTALLATION]) {
    const entry = msg.encryptedMessage[key];
    if (entry !== undefined) return ok({ key, entry });
  }
  return err('DEVICE_NOT_FOUND');
}

/**
 * §5.3: the negotiated secret is agreed iff the non-"none" installation ids addressed are
 * non-empty and all recorded as having decrypted with protocol_version ≥ 1.
 */
export function isSecretAgreed(addressed: readonly string[], recorded: ReadonlySet<string>): boolean {
  const ids = addressed.filter((id) => id !== NO_INSTALLATION);
  return ids.length > 0 && ids.every((id) => recorded.has(id));
}
