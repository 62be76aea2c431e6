/**
 * The one failure class: carries a DomainError from a handler or middleware to `app.onError`
 * (edge/app.ts), which renders it through edge/http-errors.ts, so handlers stay linear.
 * @module
 */

import type { DomainError } from '../core/errors.ts'
import type { Result } from '../core/result.ts'

export class DomainFailure extends Error {
  override readonly name = 'DomainFailure'
  readonly error: DomainError
  constructor(error: DomainError) {
    super(error.code)
    this.error = error
  }
}

/** The value of an ok Result; throws DomainFailure otherwise. */
export function unwrap<T>(result: Result<T, DomainError>): T {
  if (!result.ok) throw new DomainFailure(result.error)
  return result.value
}
