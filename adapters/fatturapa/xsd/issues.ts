/**
 * libxml2 diagnostics → ValidationIssue. The code is `XSD-<class>`, the class read from libxml2's
 * message (libxml2-wasm does not expose the numeric error code); the English message is libxml2's,
 * the Italian one a translation of the common cases (missing child, unexpected element, enumeration,
 * pattern, length, data type) or an Italian prefix on libxml2's text.
 * @module
 */

import type { ValidationIssue } from '../../../core/fatturapa/issue.ts'

/** Every code this module emits (layer `xsd` unless noted). */
export type XsdIssueCode =
  | 'XSD-UNEXPECTED-ELEMENT'
  | 'XSD-MISSING-CHILD'
  | 'XSD-ENUMERATION'
  | 'XSD-PATTERN'
  | 'XSD-LENGTH'
  | 'XSD-MIN-LENGTH'
  | 'XSD-MAX-LENGTH'
  | 'XSD-MIN-INCLUSIVE'
  | 'XSD-MAX-INCLUSIVE'
  | 'XSD-TOTAL-DIGITS'
  | 'XSD-FRACTION-DIGITS'
  | 'XSD-DATATYPE'
  | 'XSD-MISSING-ATTRIBUTE'
  | 'XSD-UNEXPECTED-ATTRIBUTE'
  | 'XSD-ROOT'
  | 'XSD-CONTENT'
  | 'XSD-OTHER'

type Rule = {
  readonly code: XsdIssueCode
  readonly re: RegExp
  readonly it: (m: RegExpExecArray, element: string) => string
}

const expected = (s: string | undefined): string => (s === undefined ? '' : ` Atteso: ${s}.`)
// libxml2 2.14+ leaves the value out of the length messages.
const value = (v: string | undefined): string => (v === undefined ? 'il valore' : `il valore '${v}'`)

// First match wins; the order puts the specific facets before the generic data-type message.
const RULES: readonly Rule[] = [
  {
    code: 'XSD-UNEXPECTED-ELEMENT',
    re: /This element is not expected\.(?: Expected is(?: one of)? (\(.*\)))?/,
    it: (m, el) => `Elemento '${el}' non previsto in questa posizione.${expected(m[1])}`,
  },
  {
    code: 'XSD-MISSING-CHILD',
    re: /Missing child element\(s\)\.(?: Expected is(?: one of)? (\(.*\)))?/,
    it: (m, el) => `Elemento '${el}': manca un elemento figlio obbligatorio.${expected(m[1])}`,
  },
  {
    code: 'XSD-ENUMERATION',
    re: /\[facet 'enumeration'\] The value '(.*)' is not an element of the set (\{.*\})/,
    it: (m, el) => `Elemento '${el}': il valore '${m[1]}' non è tra quelli ammessi ${m[2]}.`,
  },
  {
    code: 'XSD-PATTERN',
    re: /\[facet 'pattern'\] The value '(.*)' is not accepted by the pattern '(.*)'/,
    it: (m, el) => `Elemento '${el}': il valore '${m[1]}' non rispetta il formato richiesto ('${m[2]}').`,
  },
  {
    code: 'XSD-LENGTH',
    re: /\[facet 'length'\] The value(?: '(.*)')? has a length of '(\d+)'; this differs from the allowed length of '(\d+)'/,
    it: (m, el) => `Elemento '${el}': ${value(m[1])} è lungo ${m[2]} caratteri invece di ${m[3]}.`,
  },
  {
    code: 'XSD-MIN-LENGTH',
    re: /\[facet 'minLength'\] The value(?: '(.*)')? has a length of '(\d+)'; this underruns the allowed minimum length of '(\d+)'/,
    it: (m, el) => `Elemento '${el}': ${value(m[1])} è troppo corto (${m[2]} caratteri, minimo ${m[3]}).`,
  },
  {
    code: 'XSD-MAX-LENGTH',
    re: /\[facet 'maxLength'\] The value(?: '(.*)')? has a length of '(\d+)'; this exceeds the allowed maximum length of '(\d+)'/,
    it: (m, el) => `Elemento '${el}': ${value(m[1])} è troppo lungo (${m[2]} caratteri, massimo ${m[3]}).`,
  },
  {
    code: 'XSD-MIN-INCLUSIVE',
    re: /\[facet 'minInclusive'\] The value '(.*)' is less than the minimum value allowed \('(.*)'\)/,
    it: (m, el) => `Elemento '${el}': il valore '${m[1]}' è inferiore al minimo ammesso (${m[2]}).`,
  },
  {
    code: 'XSD-MAX-INCLUSIVE',
    re: /\[facet 'maxInclusive'\] The value '(.*)' is greater than the maximum value allowed \('(.*)'\)/,
    it: (m, el) => `Elemento '${el}': il valore '${m[1]}' è superiore al massimo ammesso (${m[2]}).`,
  },
  {
    code: 'XSD-TOTAL-DIGITS',
    re: /\[facet 'totalDigits'\] The value '(.*)' has more digits than are allowed \('(.*)'\)/,
    it: (m, el) => `Elemento '${el}': il valore '${m[1]}' ha più cifre di quelle ammesse (${m[2]}).`,
  },
  {
    code: 'XSD-FRACTION-DIGITS',
    re: /\[facet 'fractionDigits'\] The value '(.*)' has more fractional digits than are allowed \('(.*)'\)/,
    it: (m, el) => `Elemento '${el}': il valore '${m[1]}' ha più decimali di quelli ammessi (${m[2]}).`,
  },
  {
    code: 'XSD-DATATYPE',
    re: /: '([^']*)' is not a valid value of the (?:atomic|local atomic|union|list) type '(?:\{[^}]*\})?([^']*)'/,
    it: (m, el) => `Elemento '${el}': '${m[1]}' non è un valore valido del tipo '${m[2]}'.`,
  },
  {
    code: 'XSD-MISSING-ATTRIBUTE',
    re: /The attribute '(.*)' is required but missing/,
    it: (m, el) => `Elemento '${el}': manca l'attributo obbligatorio '${m[1]}'.`,
  },
  {
    code: 'XSD-UNEXPECTED-ATTRIBUTE',
    re: /The attribute '(.*)' is not allowed/,
    it: (m, el) => `Elemento '${el}': l'attributo '${m[1]}' non è ammesso.`,
  },
  {
    code: 'XSD-ROOT',
    re: /No matching global declaration available for the validation root/,
    it: (_m, el) =>
      `L'elemento radice '${el}' non è FatturaElettronica nel namespace http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2.`,
  },
  {
    code: 'XSD-CONTENT',
    re: /(?:Character content other than whitespace is not allowed|Element content is not allowed|is not allowed, because the content type)/,
    it: (_m, el) => `Elemento '${el}': contenuto non ammesso per il suo tipo.`,
  },
]

/** `Element '{ns}Name'` or `Element 'Name'` at the start of a libxml2 schema message. */
export function elementOf(message: string): string {
  const m = /^Element '(?:\{[^}]*\})?([^']+)'/.exec(message)
  return m?.[1] ?? ''
}

/** `Element 'X', attribute 'a': …` → `a` (the value of an attribute is wrong, or it is not allowed). */
export function attributeOf(message: string): string | undefined {
  return /^Element '[^']*', attribute '(?:\{[^}]*\})?([^']+)':/.exec(message)?.[1]
}

/** Maps one libxml2 schema-validation message to its code and bilingual text. */
export function classifyXsdMessage(raw: string): { code: XsdIssueCode; en: string; it: string } {
  const en = raw.trim()
  const element = elementOf(en)
  for (const rule of RULES) {
    const m = rule.re.exec(en)
    if (m !== null) return { code: rule.code, en, it: rule.it(m, element) }
  }
  return { code: 'XSD-OTHER', en, it: `Errore di validazione rispetto allo schema XSD: ${en}` }
}

/** `xpath` is the element's; an attribute error gets `/@name` appended. */
export function xsdIssue(raw: string, xpath: string): ValidationIssue {
  const { code, en, it } = classifyXsdMessage(raw)
  const attribute = attributeOf(en)
  const path = attribute === undefined ? xpath : `${xpath === '/' ? '' : xpath}/@${attribute}`
  return { layer: 'xsd', code, xpath: path, message: { it, en }, severity: 'error' }
}
