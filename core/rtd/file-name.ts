/**
 * RTD "Centro Stella" file names (specs/pagopa.md B1, B2.1). Input: `CSTAR.<sender>.TRNLOG.<yyyymmdd>.<hhmmss>.<nnn>.csv`,
 * checked with the reference batch's own regex (`^CSTAR\.\w{5}\.TRNLOG\.\d{8}\.\d{6}\.\d{3}\.csv$`, Java `\w` = ASCII
 * letters, digits, `_`). Output chunks: the same name with `ADE.` for `CSTAR.` and `.<nn>` (01–99) before `.csv`, uploaded
 * with `.pgp` appended. Names are bare file names: anything carrying a path (separators, `..`) is refused, never stripped.
 * @module
 */

import { err, ok, type Result } from '../result.ts'

/** The parts of an input (or output) name. */
export type RtdFileName = {
  /** Sender code: the acquirer's ABI or a 5-character code assigned by PagoPA (e.g. `STPAY`). */
  readonly senderCode: string
  /** `yyyymmdd` as written in the name (the reference batch does not check it is a real day). */
  readonly date: string
  /** `hhmmss` as written in the name. */
  readonly time: string
  /** `nnn`: 3-digit progressive "for acquirer internal purposes", `001` when unused. */
  readonly progressive: string
}

/** An output name also has the chunk number. */
export type AdeFileName = RtdFileName & { readonly chunk: number; readonly encrypted: boolean }

export type RtdFileNameError =
  | { readonly code: 'rtd.file_name.path'; readonly name: string }
  | { readonly code: 'rtd.file_name.invalid'; readonly name: string; readonly expected: string }

/** Most chunks one input may produce: `nn` is two digits starting at 01. */
export const MAX_CHUNKS = 99

const CSTAR = /^CSTAR\.([A-Za-z0-9_]{5})\.TRNLOG\.(\d{8})\.(\d{6})\.(\d{3})\.csv$/
const ADE = /^ADE\.([A-Za-z0-9_]{5})\.TRNLOG\.(\d{8})\.(\d{6})\.(\d{3})\.(\d{2})\.csv(\.pgp)?$/

function pathError(name: string): RtdFileNameError | null {
  return /[/\\\0]/.test(name) || name.includes('..') ? { code: 'rtd.file_name.path', name } : null
}

/** Parses an input name such as `CSTAR.12345.TRNLOG.20240601.031500.001.csv`. */
export function parseCstarFileName(name: string): Result<RtdFileName, RtdFileNameError> {
  const path = pathError(name)
  if (path) return err(path)
  const m = CSTAR.exec(name)
  if (!m) return err({ code: 'rtd.file_name.invalid', name, expected: 'CSTAR.<sender 5>.TRNLOG.<yyyymmdd>.<hhmmss>.<nnn>.csv' })
  return ok({ senderCode: m[1] as string, date: m[2] as string, time: m[3] as string, progressive: m[4] as string })
}

/** Parses an output name, `ADE.<sender>.TRNLOG.<yyyymmdd>.<hhmmss>.<nnn>.<nn>.csv` with an optional `.pgp`. */
export function parseAdeFileName(name: string): Result<AdeFileName, RtdFileNameError> {
  const path = pathError(name)
  if (path) return err(path)
  const m = ADE.exec(name)
  const chunk = m ? Number(m[5]) : 0
  if (!m || chunk < 1) {
    return err({ code: 'rtd.file_name.invalid', name, expected: 'ADE.<sender 5>.TRNLOG.<yyyymmdd>.<hhmmss>.<nnn>.<nn 01-99>.csv[.pgp]' })
  }
  const parts = { senderCode: m[1] as string, date: m[2] as string, time: m[3] as string, progressive: m[4] as string }
  return ok({ ...parts, chunk, encrypted: m[6] !== undefined })
}

function checkParts(n: RtdFileName): void {
  if (!/^[A-Za-z0-9_]{5}$/.test(n.senderCode) || !/^\d{8}$/.test(n.date) || !/^\d{6}$/.test(n.time) || !/^\d{3}$/.test(n.progressive)) {
    throw new RangeError(`not RTD file name parts: ${JSON.stringify(n)}`)
  }
}

/** `CSTAR.<sender>.TRNLOG.<date>.<time>.<nnn>.csv`. Throws on parts that could not come from a parsed name. */
export function formatCstarFileName(n: RtdFileName): string {
  checkParts(n)
  return `CSTAR.${n.senderCode}.TRNLOG.${n.date}.${n.time}.${n.progressive}.csv`
}

/** Chunk `chunk` (1–99) of the output of input `n`: `ADE.<sender>.TRNLOG.<date>.<time>.<nnn>.<nn>.csv`. */
export function formatAdeFileName(n: RtdFileName, chunk: number): string {
  checkParts(n)
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > MAX_CHUNKS) throw new RangeError(`chunk number out of 1..${MAX_CHUNKS}: ${chunk}`)
  return `ADE.${n.senderCode}.TRNLOG.${n.date}.${n.time}.${n.progressive}.${String(chunk).padStart(2, '0')}.csv`
}
