/**
 * A libxml2 document → the rules' tree (core/fatturapa/xml-tree.ts), in one pass over libxml2's own
 * nodes (read from the wasm memory: memory.ts), applying the refusal rules that need the parsed
 * structure: processing instructions (an `xml-stylesheet` before the root is skipped when allowed),
 * nesting deeper than the limit, entity reference nodes. Text follows the tree's contract: text and
 * CDATA of the element itself, entity-decoded by libxml2, with whitespace-only runs next to child
 * elements (indentation) dropped. {@link refusalIn} runs only the refusal rules (what
 * XsdValidator.validate needs: no tree is built).
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
import type { Libxml2Api, Libxml2Document } from './libxml2.ts'
import { type NodeMemory, nodeMemory } from './memory.ts'

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
  const r = walk(nodeMemory(lib, doc), options, true)
  return r.ok && r.root === null ? { ok: false, issue: refuseMalformed(1, 'no root element') } : (r as XmlRead)
}

/** The first refusal in `doc`, or undefined: the same rules as {@link treeOf}, without building the tree. */
export function refusalIn(lib: Libxml2Api, doc: Libxml2Document, options: XmlReadOptions): ValidationIssue | undefined {
  const r = walk(nodeMemory(lib, doc), options, false)
  return r.ok ? undefined : r.issue
}

type Walked = { readonly ok: true; readonly root: XmlTreeElement | null } | { readonly ok: false; readonly issue: ValidationIssue }

function walk(m: NodeMemory, options: XmlReadOptions, build: boolean): Walked {
  const maxDepth = options.maxDepth ?? XML_MAX_DEPTH
  /** The open elements: the xpath of a refusal is the chain of their names. */
  const open: number[] = []
  const path = (): string => (open.length === 0 ? '/' : `/${open.map(m.name).join('/')}`)

  const refuseNode = (node: number, type: number, xpath: string): never => {
    if (type === PI) throw new Refused(refuseInstruction(m.name(node), m.line(node), xpath))
    if (type === ENTITY_REF) throw new Refused(refuseEntity(m.name(node), m.line(node), xpath))
    if (type === DTD) throw new Refused(refuseDoctype(1, xpath))
    throw new Refused(refuseMalformed(1, `unexpected libxml2 node of type ${type}`, xpath))
  }

  const element = (node: number, parent: XmlTreeElement | null, depth: number): XmlTreeElement | null => {
    if (depth > maxDepth) throw new Refused(refuseDepth(maxDepth, m.line(node), path()))
    let el: XmlTreeElement | null = null
    if (build) {
      el = new XmlTreeElement(m.name(node), m.prefix(node), m.line(node), parent)
      for (let ns = m.namespaceDeclarations(node); ns !== 0; ns = m.nextNamespace(ns)) {
        const p = m.namespacePrefix(ns)
        el.addAttr(p === '' ? 'xmlns' : `xmlns:${p}`, m.namespaceUri(ns))
      }
      for (let a = m.properties(node); a !== 0; a = m.next(a)) {
        const p = m.prefix(a)
        el.addAttr(p === null ? m.name(a) : `${p}:${m.name(a)}`, m.value(a))
      }
    }
    open.push(node)
    let afterElement = false
    // Each node's type is read once: the loop carries the next sibling's along.
    let c = m.children(node)
    let type = c === 0 ? 0 : m.type(c)
    while (c !== 0) {
      const next = m.next(c)
      const nextType = next === 0 ? 0 : m.type(next)
      if (type === ELEMENT) {
        const child = element(c, el, depth + 1)
        if (el !== null && child !== null) el.addChild(child)
        afterElement = true
      } else if (type === TEXT || type === CDATA) {
        // Whitespace next to child elements (indentation) is layout, not content.
        const layout = type === TEXT && (afterElement || nextType === ELEMENT) && m.isBlank(c)
        if (el !== null && !layout) el.addText(m.text(c))
      } else if (type !== COMMENT) refuseNode(c, type, path())
      c = next
      type = nextType
    }
    open.pop()
    return el
  }

  try {
    let root: XmlTreeElement | null = null
    let seenRoot = false
    for (let c = m.children(m.root); c !== 0; c = m.next(c)) {
      const type = m.type(c)
      if (type === ELEMENT) {
        root = element(c, null, 1)
        seenRoot = true
      } else if (type === PI && !seenRoot && options.allowXmlStylesheet === true && m.name(c) === 'xml-stylesheet') {
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
