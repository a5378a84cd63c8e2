/**
 * Private helper: the redaction contract of secret-holding types (ARCHITECTURE.md rule 7, "never
 * log secrets"). A secret type extends Redacted and states what it is; String(), JSON.stringify()
 * and Node's util.inspect (console.log in tests and devnode) then show only that label.
 */

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

export abstract class Redacted {
  /** A safe description, e.g. "SecretKeyPair(pub 0x02ab…)". Must not contain secret bytes. */
  protected abstract redactedLabel(): string;

  toString(): string {
    return this.redactedLabel();
  }

  toJSON(): string {
    return this.redactedLabel();
  }

  [INSPECT](): string {
    return this.redactedLabel();
  }
}
