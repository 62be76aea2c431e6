/**
 * libxml2's parsed nodes read straight from the wasm memory, for walk.ts: about four times cheaper
 * than through libxml2-wasm's readers (each a closure around `getValue(ptr + offset, type)`, which
 * matches the type string on every call) and without xmlNodeGetContent's copy of every text into a
 * fresh allocation. The offsets are those of libxml2's structs on wasm32, the ones libxml2-wasm's own
 * readers use (lib/libxml2.mjs), plus xmlNode.content:
 *   xmlNode   type 4, name 8, children 12, next 24, ns 36, content 40, properties 44, nsDef 48, line 56 (u16)
 *   xmlAttr   type 4, name 8, children 12, next 24, ns 36
 *   xmlNs     next 0, href 8, prefix 12
 *   xmlDoc    children 12
 * The memory is libxml2-wasm's: XmlNodeSetStruct.nodeTable returns a view of its HEAP32, whose buffer
 * is the whole memory. Views are taken per document (a parse may grow the memory, which replaces the
 * buffer), and nothing read here calls into libxml2, so they stay valid for the walk. The layout is
 * checked once per libxml2 instance against libxml2-wasm's readers on a probe document
 * ({@link nodeMemory}); a mismatch throws rather than misreading.
 * @module
 */

import { documentPointer, type Libxml2Api, type Libxml2Document, PARSE_OPTIONS } from './libxml2.ts'

const decoder = new TextDecoder()

/** The nodes of one parsed document. Names are decoded once per document (libxml2 interns them). */
export class NodeMemory {
  readonly #i32: Int32Array
  readonly #u16: Uint16Array
  readonly #u8: Uint8Array
  readonly #names = new Map<number, string>()
  readonly root: number

  constructor(lib: Libxml2Api, doc: Libxml2Document) {
    const buffer = lib.XmlNodeSetStruct.nodeTable(0, 0).buffer
    this.#i32 = new Int32Array(buffer)
    this.#u16 = new Uint16Array(buffer)
    this.#u8 = new Uint8Array(buffer)
    this.root = documentPointer(doc)
  }

  #at(ptr: number, offset: number): number {
    return this.#i32[(ptr + offset) >> 2] as number
  }

  type = (node: number): number => this.#at(node, 4)
  children = (node: number): number => this.#at(node, 12)
  next = (node: number): number => this.#at(node, 24)
  properties = (node: number): number => this.#at(node, 44)
  namespaceDeclarations = (node: number): number => this.#at(node, 48)
  nextNamespace = (ns: number): number => this.#at(ns, 0)
  line = (node: number): number => this.#u16[(node + 56) >> 1] as number
  /** Element, attribute, instruction or entity name. */
  name = (node: number): string => this.#name(this.#at(node, 8))
  /** The prefix of an element's or attribute's namespace, or null. */
  prefix = (node: number): string | null => {
    const ns = this.#at(node, 36)
    const p = ns === 0 ? 0 : this.#at(ns, 12)
    return p === 0 ? null : this.#name(p)
  }
  /** `''` for a default namespace declaration. */
  namespacePrefix = (ns: number): string => {
    const p = this.#at(ns, 12)
    return p === 0 ? '' : this.#name(p)
  }
  namespaceUri = (ns: number): string => this.#string(this.#at(ns, 8))
  /** The text of a text or CDATA node. */
  text = (node: number): string => this.#string(this.#at(node, 40))
  /** An attribute's value: the text of its children. */
  value = (attr: number): string => {
    let v = ''
    for (let t = this.children(attr); t !== 0; t = this.next(t)) v += this.text(t)
    return v
  }
  /** A text node holding only XML whitespace, read without decoding it. */
  isBlank = (node: number): boolean => {
    const u8 = this.#u8
    for (let i = this.#at(node, 40); ; i++) {
      const c = u8[i]
      if (c === 0) return true
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false
    }
  }

  #name(ptr: number): string {
    let name = this.#names.get(ptr)
    if (name === undefined) {
      name = this.#string(ptr)
      this.#names.set(ptr, name)
    }
    return name
  }

  /**
   * A NUL-terminated UTF-8 string. Short ASCII ones (most names and values) are made in one call
   * rather than through a TextDecoder, and flat (not a chain of concatenations the rules would pay
   * to flatten at every comparison).
   */
  #string(ptr: number): string {
    if (ptr === 0) return ''
    const u8 = this.#u8
    const end = u8.indexOf(0, ptr)
    if (end - ptr > 32) return decoder.decode(u8.subarray(ptr, end))
    for (let i = ptr; i < end; i++) if ((u8[i] as number) >= 0x80) return decoder.decode(u8.subarray(ptr, end))
    return String.fromCharCode.apply(null, u8.subarray(ptr, end) as unknown as number[])
  }
}

const checked = new WeakSet<Libxml2Api>()

/** The nodes of `doc`, once the layout has been checked for this libxml2 (see the module comment). */
export function nodeMemory(lib: Libxml2Api, doc: Libxml2Document): NodeMemory {
  if (!checked.has(lib)) {
    checkLayout(lib)
    checked.add(lib)
  }
  return new NodeMemory(lib, doc)
}

const PROBE =
  '<p:a xmlns:p="urn:p" xmlns="urn:d" q:x="1 &amp; &#233;" xmlns:q="urn:q">\n' +
  '  <b>t\u00e8xt, long enough for the TextDecoder</b><![CDATA[<c>]]><!-- c -->\n<b/></p:a>'

/** Every offset read against libxml2-wasm's own readers on one document: throws on the first difference. */
function checkLayout(lib: Libxml2Api): void {
  const N = lib.XmlNodeStruct
  const NS = lib.XmlNsStruct
  const doc = lib.XmlDocument.fromString(PROBE, { option: PARSE_OPTIONS(lib.ParseOption) })
  try {
    const m = new NodeMemory(lib, doc)
    const same = (what: string, mine: unknown, theirs: unknown): void => {
      if (mine !== theirs) throw new Error(`libxml2-wasm: ${what} read as ${String(mine)}, not ${String(theirs)} (layout changed?)`)
    }
    const a = N.children(m.root)
    same('first child of the document', m.children(m.root), a)
    same('xmlNode.name', m.name(a), N.name_(a))
    same('xmlNode.line', m.line(a), N.line(a))
    same('xmlNode.ns prefix', m.prefix(a), NS.prefix(N.namespace(a)))
    for (let ns = N.nsDef(a), mine = m.namespaceDeclarations(a); ns !== 0 || mine !== 0; ns = NS.next(ns), mine = m.nextNamespace(mine)) {
      same('xmlNs', mine, ns)
      same('xmlNs.prefix', m.namespacePrefix(ns), NS.prefix(ns))
      same('xmlNs.href', m.namespaceUri(ns), NS.href(ns))
    }
    const x = N.properties(a)
    same('xmlNode.properties', m.properties(a), x)
    same('xmlAttr.name', m.name(x), N.name_(x))
    same('xmlAttr.ns prefix', m.prefix(x), NS.prefix(N.namespace(x)))
    same('attribute value', m.value(x), lib.xmlNodeGetContent(x))
    for (let c = N.children(a), mine = m.children(a); c !== 0 || mine !== 0; c = N.next(c), mine = m.next(mine)) {
      same('xmlNode.children/next', mine, c)
      same('xmlNode.type', m.type(c), N.type(c))
      if (m.type(c) === 1) same('xmlNode.line', m.line(c), N.line(c))
      const b = N.children(c)
      if (b !== 0) same('xmlNode.content', m.text(b), lib.xmlNodeGetContent(b))
      if (m.type(c) !== 1) same('xmlNode.content', m.text(c), lib.xmlNodeGetContent(c))
    }
  } finally {
    doc.dispose()
  }
}
