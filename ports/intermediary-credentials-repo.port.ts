/**
 * A tenant's credentials at the Opencity-path intermediaries (core/intermediary-credentials.ts).
 * Values arrive and leave sealed: this port never sees a plaintext secret. One row per tenant and
 * intermediary; `version` grows on every write.
 * @module
 */

import type { CredentialIntermediary, StoredCredentials } from '../core/intermediary-credentials.ts'

export type CredentialsWrite = Omit<StoredCredentials, 'version'>

export interface IntermediaryCredentialsRepo {
  get(tenantId: string, intermediary: CredentialIntermediary): Promise<StoredCredentials | null>
  /** Every intermediary's credentials of the tenant. */
  list(tenantId: string): Promise<readonly StoredCredentials[]>
  /** Inserts or replaces; an empty `sealed` removes the row. Returns the stored row (null when removed). */
  put(write: CredentialsWrite): Promise<StoredCredentials | null>
  /** Every tenant's credentials: for the operator's key rotation only, never reachable by a tenant. */
  all(): Promise<readonly StoredCredentials[]>
  /**
   * Replaces the sealed values of a row still at `expectedVersion` (key rotation: same secrets, new
   * key); false when the row changed or vanished meanwhile (the newer write wins).
   */
  reseal(
    tenantId: string,
    intermediary: CredentialIntermediary,
    expectedVersion: number,
    sealed: Readonly<Record<string, string>>,
  ): Promise<boolean>
}
