/**
 * Makes every text field of an invoice fit its XSD type: characters outside the allowed range are
 * transliterated (warning `TEXT-TRANSLITERATED`), and text over the length limit is split
 * (Causale), truncated (free descriptions; warning `TEXT-TRUNCATED`) or refused (names,
 * addresses, numbers: error `TEXT-TOO-LONG`), per the `long` policy in schema.ts. Empty text
 * becomes absent (an empty element is invalid); text that only held refused characters (control
 * characters, zero-width spaces) is an error `TEXT-EMPTY`. Pure; returns a new invoice.
 * @module
 */

import type { ValidationIssue } from './issue.ts'
import type { Invoice } from './model.ts'
import { type Field, isLeaf, TYPES, type TypeName } from './schema.ts'
import { charLength, splitText, transliterate, truncate } from './text.ts'

export type SanitizeResult = { invoice: Invoice; warnings: ValidationIssue[]; errors: ValidationIssue[] }

type Sink = { warnings: ValidationIssue[]; errors: ValidationIssue[] }
type Obj = Record<string, unknown>

/** @example sanitizeInvoice(invoice).warnings[0]?.xpath // '/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DettaglioLinee[1]/Descrizione' */
export function sanitizeInvoice(invoice: Invoice): SanitizeResult {
  const sink: Sink = { warnings: [], errors: [] }
  const header = walk('FatturaElettronicaHeader', invoice.header as unknown as Obj, '/FatturaElettronica/FatturaElettronicaHeader', sink)
  const bodies = invoice.bodies.map((b, i) =>
    walk('FatturaElettronicaBody', b as unknown as Obj, `/FatturaElettronica/FatturaElettronicaBody[${i + 1}]`, sink),
  )
  return { invoice: { ...invoice, header, bodies } as unknown as Invoice, ...sink }
}

/**
 * Copy on write: an object (or array) whose every value is already clean is returned as is, so a second pass
 * over a sanitised invoice (the generator's) allocates nothing. Leaf paths are built only for an issue.
 */
function walk(type: TypeName, obj: Obj, path: string, sink: Sink): Obj {
  let out: Obj | null = null
  for (const field of TYPES[type]) {
    const value = obj[field.key]
    if (value === undefined || value === null) continue
    let next: unknown
    if (field.many) {
      if (!Array.isArray(value)) continue
      next = walkMany(field, value, path, sink)
    } else if (isLeaf(field.kind)) next = leaf(field, value, path, sink)
    else next = walk(field.kind, value as Obj, `${path}/${field.xml}`, sink)
    if (next === value) continue
    out ??= { ...obj }
    if (next === undefined) delete out[field.key]
    else out[field.key] = next
  }
  return out ?? obj
}

/** The items of a repeated field, sanitised (the same array when none changed); undefined when none is left. */
function walkMany(field: Field, value: readonly unknown[], path: string, sink: Sink): readonly unknown[] | undefined {
  let items: unknown[] | null = null
  const leafKind = isLeaf(field.kind)
  for (let i = 0; i < value.length; i++) {
    const item = value[i]
    const p = `${path}/${field.xml}[${i + 1}]`
    if (leafKind) {
      const r = leafMany(field, item, p, sink)
      if (items === null && r.length === 1 && r[0] === item) continue
      items ??= value.slice(0, i)
      items.push(...r)
    } else {
      const r = walk(field.kind as TypeName, item as Obj, p, sink)
      if (items === null && r === item) continue
      items ??= value.slice(0, i)
      items.push(r)
    }
  }
  if (items === null) return value.length > 0 ? value : undefined
  return items.length > 0 ? items : undefined
}

function leafMany(field: Field, value: unknown, path: string, sink: Sink): unknown[] {
  if (typeof value !== 'string' || field.long !== 'split') {
    const v = leafAt(field, value, path, sink)
    return v === undefined ? [] : [v]
  }
  const text = clean(field, value, path, sink)
  if (text === '' && value.trim() !== '') emptied(path, sink)
  return text === '' ? [] : splitText(text, field.max ?? Number.MAX_SAFE_INTEGER)
}

/** A single leaf below `parent`: plain text that fits is returned at once (no path is built, nothing to report). */
function leaf(field: Field, value: unknown, parent: string, sink: Sink): unknown {
  if (typeof value !== 'string') return value
  if (field.kind !== 'code' && field.kind !== 'b64' && (field.kind === 'ascii' ? PLAIN_ASCII : PLAIN_LATIN).test(value)) {
    const text = value.trim()
    if (text !== '' && (field.max === undefined || text.length <= field.max)) return text
  }
  return leafAt(field, value, `${parent}/${field.xml}`, sink)
}

function leafAt(field: Field, value: unknown, path: string, sink: Sink): unknown {
  if (typeof value !== 'string') return value
  if (field.kind === 'code' || field.kind === 'b64') {
    const t = value.trim()
    return t === '' ? undefined : t
  }
  const text = clean(field, value, path, sink)
  if (text === '') {
    if (value.trim() !== '') emptied(path, sink)
    return undefined
  }
  const max = field.max
  // A string's length in UTF-16 units is at least its length in code points.
  if (max === undefined || text.length <= max || charLength(text) <= max) return text
  if (field.long === 'truncate') {
    sink.warnings.push(
      issue('TEXT-TRUNCATED', 'warning', path, {
        it: `Testo troncato a ${max} caratteri (limite dello schema)`,
        en: `Text truncated to ${max} characters (the schema's limit)`,
      }),
    )
    return truncate(text, max)
  }
  sink.errors.push(
    issue('TEXT-TOO-LONG', 'error', path, {
      it: `Testo di ${charLength(text)} caratteri: il massimo è ${max}`,
      en: `Text of ${charLength(text)} characters: the maximum is ${max}`,
    }),
  )
  return text
}

/** Nothing left once the characters the schema refuses are gone: refused, not silently omitted. */
function emptied(path: string, sink: Sink): void {
  sink.errors.push(
    issue('TEXT-EMPTY', 'error', path, {
      it: 'Il testo contiene solo caratteri non ammessi dallo schema',
      en: 'The text holds only characters the schema does not allow',
    }),
  )
}

/** Tab, LF and printable characters up to U+007E, or U+00FF in Latin fields: text no rule below would change. */
const PLAIN_ASCII = /^[\t\n\x20-\x7e]*$/
const PLAIN_LATIN = /^[\t\n\x20-\x7e\xa0-\xff]*$/

function clean(field: Field, value: string, path: string, sink: Sink): string {
  if ((field.kind === 'ascii' ? PLAIN_ASCII : PLAIN_LATIN).test(value)) return value.trim()
  const charset = field.kind === 'ascii' ? 'ascii' : 'latin'
  // XML parsers turn CR LF and CR into LF: do it here so the text reads back as written.
  value = value.replace(/\r\n?/g, '\n')
  // String35LatinExtType allows any character, but XML 1.0 still forbids control characters.
  const { text, changed } = field.kind === 'ext' ? stripControls(value) : transliterate(value, charset)
  if (changed) {
    sink.warnings.push(
      issue('TEXT-TRANSLITERATED', 'warning', path, {
        it: `Caratteri non ammessi dallo schema sostituiti: "${text.trim()}"`,
        en: `Characters the schema does not allow were replaced: "${text.trim()}"`,
      }),
    )
  }
  return text.trim()
}

/** XML 1.0 forbids C0 controls (but tab, LF, CR), U+FFFE/U+FFFF and lone surrogates even where the schema allows any character. */
function stripControls(value: string): { text: string; changed: boolean } {
  let text = ''
  for (const ch of value) {
    const cp = ch.codePointAt(0) as number
    const control = (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) || cp === 0x7f || cp === 0xfffe || cp === 0xffff
    const loneSurrogate = cp >= 0xd800 && cp <= 0xdfff
    if (!control && !loneSurrogate) text += ch
  }
  return { text, changed: text !== value }
}

function issue(code: string, severity: 'error' | 'warning', xpath: string, message: { it: string; en: string }): ValidationIssue {
  return { layer: 'xsd', code, xpath, message, severity }
}
