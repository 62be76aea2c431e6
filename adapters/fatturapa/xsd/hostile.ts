/**
 * Refuses hostile XML before libxml2 sees it: a FatturaPA never needs a DOCTYPE, so any DTD (and with
 * it every entity declaration: billion laughs, external entities, parameter entities) and any XInclude
 * is refused outright, layer `xml`. Conservative on purpose: the markers are refused wherever they
 * appear, comments and CDATA included. libxml2 is also called without XML_PARSE_NOENT/DTDLOAD and
 * with XML_PARSE_NONET + XML_PARSE_NO_XXE (see create-validator.ts), a second line of defence.
 * @module
 */

import type { ValidationIssue } from '../../../core/fatturapa/issue.ts'

type Marker = { readonly code: string; readonly re: RegExp; readonly en: string; readonly it: string }

const MARKERS: readonly Marker[] = [
  {
    code: 'XML-DOCTYPE',
    re: /<!DOCTYPE/i,
    en: 'The document has a DOCTYPE declaration: refused (a FatturaPA has no DTD; DTDs can declare entities).',
    it: 'Il documento contiene una dichiarazione DOCTYPE: rifiutato (una FatturaPA non ha DTD; un DTD può dichiarare entità).',
  },
  {
    code: 'XML-ENTITY',
    re: /<!ENTITY/i,
    en: 'The document declares an entity: refused (entities are never expanded).',
    it: 'Il documento dichiara un’entità: rifiutato (le entità non vengono mai espanse).',
  },
  {
    code: 'XML-XINCLUDE',
    re: /http:\/\/www\.w3\.org\/20(?:01|03)\/XInclude/,
    en: 'The document uses XInclude: refused (external references are never read).',
    it: 'Il documento usa XInclude: rifiutato (i riferimenti esterni non vengono mai letti).',
  },
]

/** The refusal issue for hostile input, or undefined when none of the markers is present. */
export function refuseHostile(xml: string): ValidationIssue | undefined {
  for (const m of MARKERS) {
    if (m.re.test(xml)) return { layer: 'xml', code: m.code, xpath: '/', message: { it: m.it, en: m.en }, severity: 'error' }
  }
  return undefined
}
