/**
 * Small helpers the SDI rules share: navigation of the parsed tree by local names, and the issue
 * constructor for the `sdi` and `identifier` layers.
 * @module
 */

import type { ValidationIssue, ValidationLayer } from '../issue.ts'
import type { XmlElement } from '../xml-tree.ts'

/** First child named `name`. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (el === undefined) return undefined
  for (const c of el.children) if (c.name === name) return c
  return undefined
}

/** Every child named `name`, in document order. */
export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  if (el === undefined) return []
  const out: XmlElement[] = []
  for (const c of el.children) if (c.name === name) out.push(c)
  return out
}

/** The element at a path of first children (`at(body, 'DatiGenerali', 'DatiGeneraliDocumento')`). */
export function at(el: XmlElement | undefined, ...path: readonly string[]): XmlElement | undefined {
  let cur = el
  for (const name of path) cur = child(cur, name)
  return cur
}

/** Trimmed text at a path, or undefined when the element is missing or empty. */
export function textAt(el: XmlElement | undefined, ...path: readonly string[]): string | undefined {
  const t = at(el, ...path)?.text.trim()
  return t === undefined || t === '' ? undefined : t
}

export type Message = { readonly it: string; readonly en: string }

export function issue(
  layer: ValidationLayer,
  code: string,
  xpath: string,
  message: Message,
  severity: ValidationIssue['severity'] = 'error',
): ValidationIssue {
  return { layer, code, xpath, message, severity }
}

/** An `sdi`-layer issue; the SdI code leads both messages so a reader can look it up in the Elenco controlli. */
export function sdiIssue(
  code: string,
  xpath: string,
  it: string,
  en: string,
  severity: ValidationIssue['severity'] = 'error',
): ValidationIssue {
  return issue('sdi', code, xpath, { it: `${code}: ${it}`, en: `${code}: ${en}` }, severity)
}
