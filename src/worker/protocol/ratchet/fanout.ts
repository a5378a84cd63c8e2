/**
 * Fan-out of one plaintext to the recipient's installations (one EncryptedMessageProtocol per
 * installation, or a DH-only "none" entry), as a pure builder over injected session/prekey
 * lookups. Returns the sessions to commit. Spec: status-protocol.md §3.1, §4.6, §4.7.
 */
import type { EncryptedMessageProtocol } from '../generated/protocol_message_pb.ts';
import type { RandomSource } from '../keys.ts';
import { encryptDhOnly, NO_INSTALLATION } from './dh-only.ts';
import { initiateSession, sessionEncrypt } from './session.ts';
import type { Session } from './session.ts';

/** §3.1/§4.6: encrypt to at most 3 installations per identity. */
export const MAX_INSTALLATIONS = 3;

export interface InstallationInfo {
  readonly id: string;
  /** Timestamp of the most recent bundle listing this installation (ns). */
  readonly timestamp: bigint;
  readonly enabled: boolean;
}

/** §4.6 step 1: up to 3 enabled installations, most recent bundle first, excluding our own. */
export function selectTargetInstallations(
  installations: readonly InstallationInfo[],
  ownInstallationId: string,
): InstallationInfo[] {
  return installations
    .filter((i) => i.enabled && i.id !== ownInstallationId)
    .sort((a, b) => (a.timestamp === b.timestamp ? 0 : a.timestamp > b.timestamp ? -1 : 1))
    .slice(0, MAX_INSTALLATIONS);
}

export interface FanOutInput {
  readonly plaintext: Uint8Array;
  readonly identityPrivateKey: Uint8Array;
  readonly theirIdentityKey: Uint8Array;
  readonly ownInstallationId: string;
  readonly installations: readonly InstallationInfo[];
  /** A live session with the installation (bundle id = a non-expired prekey of it), if any. */
  readonly liveSessionFor: (installationId: string) => Session | undefined;
  /** The current signed prekey (comp) of the installation, if known. */
  readonly preKeyFor: (installationId: string) => Uint8Array | undefined;
  readonly random: RandomSource;
}

export interface FanOut {
  /** The `encrypted_message` map of the ProtocolMessage. */
  readonly encryptedMessage: Record<string, EncryptedMessageProtocol>;
  /** New or advanced sessions to commit, by installation id. */
  readonly sessions: Record<string, Session>;
}

function sessionFor(input: FanOutInput, installationId: string): Session | undefined {
  const live = input.liveSessionFor(installationId);
  if (live !== undefined) return live;
  const preKey = input.preKeyFor(installationId);
  if (preKey === undefined) return undefined;
  const started = initiateSession({
    identityPrivateKey: input.identityPrivateKey,
    theirIdentityKey: input.theirIdentityKey,
    theirSignedPreKey: preKey,
    theirInstallationId: installationId,
    random: input.random,
  });
  return started.ok ? started.value : undefined;
}

/** §4.6 steps 2–3 (DH-only when no installation is known; installations without keys are skipped). */
export function fanOut(input: FanOutInput): FanOut {
  const targets = selectTargetInstallations(input.installations, input.ownInstallationId);
  if (targets.length === 0) {
    const entry = encryptDhOnly({ plaintext: input.plaintext, theirIdentityKey: input.theirIdentityKey, random: input.random });
    return { encryptedMessage: { [NO_INSTALLATION]: entry }, sessions: {} };
  }
  const encryptedMessage: Record<string, EncryptedMessageProtocol> = {};
  const sessions: Record<string, Session> = {};
  for (const target of targets) {
    const session = sessionFor(input, target.id);
    if (session === undefined) continue;
    const e = sessionEncrypt(session, input.plaintext);
    encryptedMessage[target.id] = e.message;
    sessions[target.id] = e.session;
  }
  return { encryptedMessage, sessions };
}
