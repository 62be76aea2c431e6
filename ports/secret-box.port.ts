/**
 * Secrets at rest (provider API keys, webhook secrets): sealed with a key the gateway holds, bound to
 * a context (tenant id, field) so a value copied elsewhere does not open. Opening a tampered value, a
 * value of another context, or one sealed with an unknown key fails loudly (throws).
 * @module
 */
export interface SecretBox {
  /** The key id new values are sealed with. */
  readonly currentKeyId: string
  seal(plaintext: string, context: string): Promise<string>
  open(sealed: string, context: string): Promise<string>
  /** The key id a sealed value carries (to find values to re-seal after a rotation). */
  keyIdOf(sealed: string): string | null
}
