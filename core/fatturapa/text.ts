/**
 * Text that SDI would discard, made acceptable: the XSD's `String*LatinType` fields allow only
 * Basic Latin + Latin-1 Supplement (U+0000–U+00FF), the `String*Type` fields only Basic Latin.
 * Typographic characters are transliterated (— → -, ‘’ → ', “” → ", € → EUR, … → ...), accented
 * letters outside the range lose their accent (č → c; in ASCII fields also è → e), and anything
 * else becomes `?` (invisible characters are dropped). Callers report the change as a warning.
 * @module
 */

const MAP: Readonly<Record<string, string>> = {
  '\u2014': '-', // em dash
  '\u2013': '-', // en dash
  '\u2012': '-',
  '\u2015': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u2212': '-', // minus sign
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u02BC': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u00AB': '"', // « (Latin-1, but only for ASCII fields)
  '\u00BB': '"',
  '\u2039': '<',
  '\u203A': '>',
  '\u20AC': 'EUR',
  '\u2026': '...',
  '\u2022': '-',
  '\u00B7': '.',
  '\u2122': 'TM',
  '\u00A9': '(C)',
  '\u00AE': '(R)',
  '\u00B0': 'o',
  '\u00A0': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2009': ' ',
  '\u202F': ' ',
  '\u00DF': 'ss',
  '\u00C6': 'AE',
  '\u00E6': 'ae',
  '\u0152': 'OE',
  '\u0153': 'oe',
  '\u00D8': 'O',
  '\u00F8': 'o',
  '\u0141': 'L',
  '\u0142': 'l',
  '\u00D0': 'D',
  '\u00F0': 'd',
  '\u00DE': 'TH',
  '\u00FE': 'th',
  '\u00BD': '1/2',
  '\u00BC': '1/4',
  '\u00BE': '3/4',
  '\u00D7': 'x',
  '\u00F7': '/',
}

/** Zero-width and format characters, dropped. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/u

export type Charset = 'ascii' | 'latin'

/**
 * @example transliterate('231 Agile — Pacchetto', 'latin') // { text: '231 Agile - Pacchetto', changed: true }
 */
export function transliterate(value: string, charset: Charset): { text: string; changed: boolean } {
  const limit = charset === 'ascii' ? 0x7f : 0xff
  let out = ''
  let changed = false
  for (const ch of value) {
    const cp = ch.codePointAt(0) as number
    if (cp === 0x09 || cp === 0x0a || cp === 0x0d) {
      out += ch
      continue
    }
    if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) {
      changed = true // control characters: not allowed in XML 1.0 or meaningless
      continue
    }
    if (cp <= limit) {
      out += ch
      continue
    }
    changed = true
    const mapped = MAP[ch]
    if (mapped !== undefined) {
      out += mapped
      continue
    }
    if (INVISIBLE.test(ch)) continue
    // Strip combining marks: é → e, č → c, ş → s.
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '')
    if (base.length > 0 && [...base].every((c) => (c.codePointAt(0) as number) <= limit)) out += base
    else if (!/\p{M}/u.test(ch)) out += '?'
  }
  return { text: out, changed }
}

/** True when every character is allowed in the charset (and no control characters but tab/CR/LF). */
export function isInCharset(value: string, charset: Charset): boolean {
  return transliterate(value, charset).changed === false
}

/** Length in characters (code points), as the XSD counts them. */
export function charLength(value: string): number {
  let n = 0
  for (const _ of value) n++
  return n
}

/** Splits into pieces of at most `max` characters, preferring to break at a space. */
export function splitText(value: string, max: number): string[] {
  const chars = [...value]
  const out: string[] = []
  let i = 0
  while (i < chars.length) {
    let end = Math.min(i + max, chars.length)
    if (end < chars.length) {
      const space = chars.lastIndexOf(' ', end)
      if (space > i + max / 2) end = space + 1
    }
    const piece = chars.slice(i, end).join('').trim()
    if (piece) out.push(piece)
    i = end
  }
  return out
}

/** The first `max` characters. */
export function truncate(value: string, max: number): string {
  return [...value].slice(0, max).join('').trimEnd()
}
