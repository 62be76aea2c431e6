/**
 * What the MandateProvider port requires of a request before any provider is called, the same for
 * every provider (ports/mandate-provider.port.ts). Provider limits (amounts, lengths) stay with each.
 * @module
 */

import type { ChargeRequest, CreateMandateRequest } from '../../ports/mandate-provider.port.ts'
import { type Failure, invalid } from './outcome.ts'

/** True for a string with something other than white space. */
export const present = (s: string | null | undefined): s is string => typeof s === 'string' && s.trim() !== ''

/** `invalid_request` for a createMandate request the port does not allow, else null. */
export function refuseMandateRequest(req: CreateMandateRequest): Failure | null {
  if (!present(req.mandateId)) return invalid('mandateId is empty')
  if (!present(req.customerName)) return invalid('customerName is empty')
  if (!present(req.customerEmail)) return invalid('customerEmail is empty')
  if (!URL.canParse(req.returnUrl)) return invalid('returnUrl is not a URL')
  return null
}

/** `invalid_request` for a charge request the port does not allow (SEPA Direct Debit: EUR only), else null. */
export function refuseChargeRequest(req: ChargeRequest): Failure | null {
  if (!present(req.chargeId)) return invalid('chargeId is empty')
  if (req.currency !== 'EUR') return invalid('SEPA Direct Debit charges EUR only')
  return null
}
