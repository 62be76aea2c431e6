/**
 * How this adapter chooses the IUV of a new notice: a base derived from our payment id, so a retried
 * create builds the same notice number (pagopa.md A2.1). The notice arithmetic itself is pure and
 * lives in core/notice-number.ts.
 * @module
 */

import { buildNotice, IUV_BASE_DIGITS, type Notice } from '../../core/notice-number.ts'
import type { Creditor } from '../../ports/payment-provider.port.ts'
import { sha256 } from '../shared/hash.ts'

/**
 * A deterministic IUV base for one of our payments: SHA-256 of `${paymentId}:${attempt}` reduced
 * modulo 10^digits. Retrying a create therefore reuses the same IUV (idempotent), and a clash with
 * another position moves to attempt + 1. Async because WebCrypto digests are.
 */
export async function iuvBaseFor(paymentId: string, attempt: number, digitCount = 13): Promise<string> {
  if (!Number.isSafeInteger(attempt) || attempt < 0) throw new RangeError('attempt must be a non-negative integer')
  let n = 0n
  for (const b of await sha256(`${paymentId}:${attempt}`)) n = (n << 8n) | BigInt(b)
  return (n % 10n ** BigInt(digitCount)).toString().padStart(digitCount, '0')
}

/** The notice for attempt `n`, from the creditor's aux digit and segregation (or application) code; a string says why not. */
export async function newNotice(creditor: Creditor, paymentId: string, attempt: number): Promise<Notice | string> {
  const aux = creditor.auxDigit ?? '3'
  const code = creditor.segregationCode ?? ''
  if ((aux === '3' || aux === '0') && !/^\d{2}$/.test(code)) {
    return `aux digit ${aux} needs a 2-digit ${aux === '3' ? 'segregation' : 'application'} code`
  }
  const base = await iuvBaseFor(paymentId, attempt, IUV_BASE_DIGITS[aux])
  try {
    if (aux === '3') return buildNotice({ auxDigit: '3', segregationCode: code, base })
    if (aux === '0') return buildNotice({ auxDigit: '0', applicationCode: code, base })
    return buildNotice({ auxDigit: aux, base })
  } catch (e) {
    return e instanceof RangeError ? e.message : String(e)
  }
}
