/**
 * A libxml2 document → the rules' tree (core/fatturapa/xml-tree.ts), in one pass over libxml2's own
 * nodes, applying the refusal rules that need the parsed structure: processing instructions (an
 * `xml-stylesheet` before the root is skipped when allowed), nesting deeper than the limit, entity
 * reference nodes. Text follows the tree's contract: text and CDATA of the element itself, entity-
 * decoded by libxml2, with whitespace-only runs next to child elements (indentation) dropped.
 * {@link refusalIn} runs only the refusal rules (what XsdValidator.validate needs: no tree is built).
 * @module
 */

import type { ValidationIssue } from '../../../core/fatturapa/issue.ts'
import {
  refuseDepth,
  refuseDoctype,
  refuseEntity,
  refuseInstruction,
  refuseMalformed,
  XML_MAX_DEPTH,
  type XmlReadOptions,
} from '../../../core/fatturapa/xml-refusals.ts'
import { XmlTreeElement } from '../../../core/fatturapa/xml-tree.ts'
import type { XmlRead } from '../../../ports/xml-document-reader.port.ts'
import { documentPointer, type Libxml2Api, type Libxml2Document, nodeFields } from './libxml2.ts'

/** libxml2's xmlElementType values (element, text, CDATA, entity reference, instruction, comment, DTD). */
const [ELEMENT, TEXT, CDATA, ENTITY_REF, PI, COMMENT, DTD] = [1, 3, 4, 5, 7, 8, 14] as const

class Refused {
  readonly issue: ValidationIssue
  constructor(issue: ValidationIssue) {
    this.issue = issue
  }
}

/** The tree of `doc` (not disposed here), or its first refusal in document order. */
export function treeOf(lib: Libxml2Api, doc: Libxml2Document, options: XmlReadOptions): XmlRead {
  const r = walk(lib, doc, options, true)
  return r.ok && r.root === null ? { ok: false, issue: refuseMalformed(1, 'no root element') } : (r as XmlRead)
}

/** The first refusal in `doc`, or undefined: the same rules as {@link treeOf}, without building the tree. */
export function refusalIn(lib: Libxml2Api, doc: Libxml2Document, options: XmlReadOptions): ValidationIssue | undefined {
  const r = walk(lib, doc, options, false)
  return r.ok ? undefined : r.issue
}

type Walked = { readonly ok: true; readonly root: XmlTreeElement | null } | { readonly ok: false; readonly issue: ValidationIssue }

function walk(lib: Libxml2Api, doc: Libxml2Document, options: XmlReadOptions, build: boolean): Walked {
  const N = lib.XmlNodeStruct
  const NS = lib.XmlNsStruct
  const content = lib.xmlNodeGetContent
  const fields = nodeFields(lib)
  /** Element names by their interned pointer: each distinct name is decoded once per document. */
  const names = new Map<number, string>()
  const nameOf = (ptr: number): string => {
    const key = fields.namePointer(ptr)
    let name = names.get(key)
    if (name === undefined) {
      name = N.name_(ptr)
      names.set(key, name)
    }
    return name
  }
  const maxDepth = options.maxDepth ?? XML_MAX_DEPTH
  /** The open elements: the xpath of a refusal is the chain of their names. */
  const open: number[] = []
  const path = (): string => (open.length === 0 ? '/' : `/${open.map((p) => N.name_(p)).join('/')}`)

  const element = (ptr: number, parent: XmlTreeElement | null, depth: number): XmlTreeElement | null => {
    if (depth > maxDepth) throw new Refused(refuseDepth(maxDepth, N.line(ptr), path()))
    let el: XmlTreeElement | null = null
    if (build) {
      const ns = N.namespace(ptr)
      el = new XmlTreeElement(nameOf(ptr), ns === 0 ? null : NS.prefix(ns) || null, N.line(ptr), parent)
      for (let d = N.nsDef(ptr); d !== 0; d = NS.next(d)) {
        const p = NS.prefix(d)
        el.addAttr(p === '' ? 'xmlns' : `xmlns:${p}`, NS.href(d))
      }
      for (let a = N.properties(ptr); a !== 0; a = N.next(a)) {
        const ans = N.namespace(a)
        el.addAttr(ans === 0 ? N.name_(a) : `${NS.prefix(ans)}:${N.name_(a)}`, content(a))
      }
    }
    open.push(ptr)
    let afterElement = false
    // Each node's type is read once: the loop carries the next sibling's along.
    let c = N.children(ptr)
    let type = c === 0 ? 0 : N.type(c)
    while (c !== 0) {
      const next = N.next(c)
      const nextType = next === 0 ? 0 : N.type(next)
      if (type === ELEMENT) {
        const child = element(c, el, depth + 1)
        if (el !== null && child !== null) el.addChild(child)
        afterElement = true
      } else if (type === TEXT) {
        if (el !== null) {
          const text = fields.text(c)
          // Whitespace next to child elements (indentation) is layout, not content.
          if (!((afterElement || nextType === ELEMENT) && isAllWs(text))) el.addText(text)
        }
      } else if (type === CDATA) {
        if (el !== null) el.addText(fields.text(c))
      } else if (type !== COMMENT) refuseNode(c, type, path())
      c = next
      type = nextType
    }
    open.pop()
    return el
  }

  const refuseNode = (ptr: number, type: number, xpath: string): never => {
    if (type === PI) throw new Refused(refuseInstruction(N.name_(ptr), N.line(ptr), xpath))
    if (type === ENTITY_REF) throw new Refused(refuseEntity(N.name_(ptr), N.line(ptr), xpath))
    if (type === DTD) throw new Refused(refuseDoctype(1, xpath))
    throw new Refused(refuseMalformed(1, `unexpected libxml2 node of type ${type}`, xpath))
  }

  try {
    let root: XmlTreeElement | null = null
    let seenRoot = false
    for (let c = N.children(documentPointer(doc)); c !== 0; c = N.next(c)) {
      const type = N.type(c)
      if (type === ELEMENT) {
        root = element(c, null, 1)
        seenRoot = true
      } else if (type === PI && !seenRoot && options.allowXmlStylesheet === true && N.name_(c) === 'xml-stylesheet') {
        // skipped, never followed
      } else if (type !== COMMENT) refuseNode(c, type, '/')
    }
    if (!seenRoot) return { ok: false, issue: refuseMalformed(1, 'no root element') }
    return { ok: true, root }
  } catch (e) {
    if (e instanceof Refused) return { ok: false, issue: e.issue }
    throw e
  }
}

function isAllWs(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false
  }
  return true
}
