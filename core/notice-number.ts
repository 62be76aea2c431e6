/**
 * pagoPA notice numbers (numero avviso, NAV) and IUVs, pure (pagopa.md A2): 18 digits, an aux digit
 * and, for aux 0, 2 and 3, two check digits that are the mod-93 remainder of the first 16; building
 * them per aux digit, the print grouping, the QR payload and the Poste data matrix of the printed
 * notice (SACI "Generazione dell'Identificativo Univoco di Versamento",
 * pagopa-print-payment-notice-generator TemplateDataMapper). Choosing the IUV base of a new notice is
 * the pagoPA adapter's job (adapters/pagopa/iuv.ts).
 * @module
 */

/**
 * The remainder of the decimal number modulo 93, as two digits (00–92). BigInt because a 16-digit
 * prefix exceeds 2^53.
 * @example mod93('3010000000000001') // '44'
 */
export function mod93(decimal: string): string {
  if (!/^\d+$/.test(decimal)) throw new RangeError('mod93 needs decimal digits')
  return (BigInt(decimal) % 93n).toString().padStart(2, '0')
}

/** 18 digits, a known aux digit and (for aux 0, 2, 3) a matching mod-93 check. Aux 1 has no check digit. */
export function isValidNoticeNumber(nav: string): boolean {
  if (!/^\d{18}$/.test(nav)) return false
  switch (nav[0]) {
    case '0':
    case '2':
    case '3':
      return mod93(nav.slice(0, 16)) === nav.slice(16)
    case '1':
      return true
    default:
      return false
  }
}

export type AuxDigit = '0' | '1' | '2' | '3'

/**
 * What a notice is built from. `base` is the EC-chosen IUV base: 13 digits for aux 0 and 3, 15 for
 * aux 2, 17 for aux 1 (see {@link IUV_BASE_DIGITS}).
 */
export type NoticeInput =
  | { readonly auxDigit: '3'; readonly segregationCode: string; readonly base: string }
  | { readonly auxDigit: '0'; readonly applicationCode: string; readonly base: string }
  | { readonly auxDigit: '2'; readonly base: string }
  | { readonly auxDigit: '1'; readonly base: string }

/** `iuv` is what GPD's `paymentOption.iuv` holds; `noticeNumber` is the 18-digit NAV. */
export type Notice = { readonly iuv: string; readonly noticeNumber: string }

/** Length of the free IUV base per aux digit (A2.1). */
export const IUV_BASE_DIGITS: Readonly<Record<AuxDigit, number>> = { '0': 13, '1': 17, '2': 15, '3': 13 }

const digits = (s: string, n: number) => s.length === n && /^\d+$/.test(s)

/**
 * Builds IUV and notice number per A2.1/A2.2. Throws RangeError on malformed input (callers validate
 * configuration first and turn that into `invalid_request`).
 * @example buildNotice({ auxDigit: '3', segregationCode: '01', base: '0000000000001' })
 *   // { iuv: '01000000000000144', noticeNumber: '301000000000000144' }
 */
export function buildNotice(input: NoticeInput): Notice {
  const n = IUV_BASE_DIGITS[input.auxDigit]
  if (!digits(input.base, n)) throw new RangeError(`aux ${input.auxDigit} needs a ${n}-digit IUV base`)
  switch (input.auxDigit) {
    case '3': {
      if (!digits(input.segregationCode, 2)) throw new RangeError('segregation code must be 2 digits')
      const head = `3${input.segregationCode}${input.base}`
      const iuv = `${input.segregationCode}${input.base}${mod93(head)}`
      return { iuv, noticeNumber: `3${iuv}` }
    }
    case '0': {
      if (!digits(input.applicationCode, 2)) throw new RangeError('application code must be 2 digits')
      const head = `0${input.applicationCode}${input.base}`
      return { iuv: `${input.base}${mod93(head)}`, noticeNumber: `${head}${mod93(head)}` }
    }
    case '2': {
      const iuv = `${input.base}${mod93(`2${input.base}`)}`
      return { iuv, noticeNumber: `2${iuv}` }
    }
    case '1':
      return { iuv: input.base, noticeNumber: `1${input.base}` }
  }
}

/** The GPD `iuv` inside a notice number: aux 0 drops the application code too (A2.1). */
export function iuvOfNotice(nav: string): string {
  if (!digits(nav, 18)) throw new RangeError('a notice number is 18 digits')
  return nav[0] === '0' ? nav.slice(3) : nav.slice(1)
}

/**
 * The printed AVVISO.CODICE: groups of 4 digits separated by spaces (22 characters).
 * @example formatNoticeForPrint('301000000000000144') // '3010 0000 0000 0001 44'
 */
export function formatNoticeForPrint(nav: string): string {
  if (!digits(nav, 18)) throw new RangeError('a notice number is 18 digits')
  return (nav.match(/\d{1,4}/g) ?? []).join(' ')
}

/** The largest amount pagoPA carries: 999999999.99 € (paSendRT `stAmount`). */
export const MAX_NOTICE_CENTS = 99_999_999_999

function checkCents(amountCents: number, maxDigits: number): string {
  if (!Number.isSafeInteger(amountCents) || amountCents < 1 || amountCents > MAX_NOTICE_CENTS) {
    throw new RangeError('amount must be a positive integer number of cents')
  }
  const s = String(amountCents)
  if (s.length > maxDigits) throw new RangeError(`amount has more than ${maxDigits} digits`)
  return s
}

/**
 * The QR code text of a printed notice (A2.3): cents unpadded, as pagoPA's own generator writes it.
 * @example qrPayload({ noticeNumber: '301000000000000144', creditorTaxId: '77777777777', amountCents: 12050 })
 *   // 'PAGOPA|002|301000000000000144|77777777777|12050'
 */
export function qrPayload(p: { readonly noticeNumber: string; readonly creditorTaxId: string; readonly amountCents: number }): string {
  if (!digits(p.noticeNumber, 18)) throw new RangeError('a notice number is 18 digits')
  if (!digits(p.creditorTaxId, 11)) throw new RangeError('the creditor tax id is 11 digits')
  return `PAGOPA|002|${p.noticeNumber}|${p.creditorTaxId}|${checkCents(p.amountCents, 12)}`
}

export type PosteDataMatrixInput = {
  readonly noticeNumber: string
  /** Poste account number (conto corrente postale), up to 12 digits. */
  readonly postalAccount: string
  readonly amountCents: number
  readonly creditorTaxId: string
  readonly debtorTaxId: string
  readonly debtorName: string
  readonly subject: string
}

/** Free text for a fixed-width field: one line, cut to `n` code units, then right-padded. */
function field(s: string, n: number): string {
  return s.replace(/\s+/g, ' ').slice(0, n).padEnd(n, ' ')
}

/**
 * The 256-character Poste data matrix text (A2.4). Names are cut to 40 and subjects to 110
 * characters here, because pagoPA's generator only pads. Offsets: notice 15–33, account 35–47,
 * amount 49–59, creditor 66–77, debtor 77–93, name 93–133, subject 133–243, `A` at 255.
 */
export function posteDataMatrix(p: PosteDataMatrixInput): string {
  if (!digits(p.noticeNumber, 18)) throw new RangeError('a notice number is 18 digits')
  if (!/^\d{1,12}$/.test(p.postalAccount)) throw new RangeError('the postal account is 1–12 digits')
  if (!digits(p.creditorTaxId, 11)) throw new RangeError('the creditor tax id is 11 digits')
  if (!/^[A-Za-z0-9]{1,16}$/.test(p.debtorTaxId)) throw new RangeError('the debtor tax id is 1–16 letters or digits')
  const amount = checkCents(p.amountCents, 10).padStart(10, '0')
  const codeline = `18${p.noticeNumber}12${p.postalAccount.padStart(12, '0')}10${amount}3896`
  const text = `codfase=NBPA;${codeline}1P1${field(p.creditorTaxId, 11)}${field(p.debtorTaxId.toUpperCase(), 16)}${field(p.debtorName, 40)}${field(p.subject, 110)}${' '.repeat(12)}A`
  if (text.length !== 256) throw new Error(`data matrix length ${text.length}, expected 256`)
  return text
}
