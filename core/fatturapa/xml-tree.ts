/**
 * The element tree the FatturaPA rules, the invoice reader and the view model walk. It is built by
 * the parser adapter ({@link XmlDocumentReader}: libxml2, adapters/fatturapa/xsd/walk.ts) from the
 * very document the XSD validates, so the schema and the rules never read two different parses of
 * the same bytes. The refusal rules (hostile or malformed input) are in xml-refusals.ts and
 * xml-screen.ts; this module has no I/O and no parser.
 * @module
 */

export type XmlElement = {
  /** Local name, prefix stripped. */
  readonly name: string
  readonly prefix: string | null
  /** Attributes by their qualified name as written (`versione`, `xmlns:p`), values entity-decoded. */
  readonly attrs: Readonly<Record<string, string>>
  readonly children: readonly XmlElement[]
  /**
   * Direct text content (text nodes and CDATA of this element only), entity-decoded, not trimmed.
   * Whitespace-only runs next to child elements (indentation) are dropped, so a container's text is
   * usually `''`; a leaf keeps its text exactly.
   */
  readonly text: string
  /**
   * `/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DettaglioLinee[2]/PrezzoTotale`:
   * local names, with a 1-based `[n]` on every element the FatturaPA XSD lets repeat under its parent
   * (`[1]` included, so the path of the first line does not change when a second is added: the same
   * form as the XSD layer's issues, adapters/fatturapa/xsd/xpath.ts), and on any other element that
   * has same-name siblings.
   */
  readonly xpath: string
  /** 1-based line of the start tag (libxml2's: where the tag ends, when it spans several lines). */
  readonly line: number
}

/**
 * Parent/child pairs the FatturaPA 1.2.2 XSD declares with maxOccurs > 1 (read from
 * `Schema_del_file_xml_FatturaPA_v1.2.2.xsd`; no element name has a different multiplicity under
 * another parent of the same name). These always take an index in {@link XmlElement.xpath}.
 */
const REPEATABLE: ReadonlySet<string> = new Set([
  'FatturaElettronica/FatturaElettronicaBody',
  'FatturaElettronicaBody/Allegati',
  'FatturaElettronicaBody/DatiPagamento',
  'DatiGenerali/DatiContratto',
  'DatiGenerali/DatiConvenzione',
  'DatiGenerali/DatiDDT',
  'DatiGenerali/DatiFattureCollegate',
  'DatiGenerali/DatiOrdineAcquisto',
  'DatiGenerali/DatiRicezione',
  'DatiGenerali/DatiSAL',
  'DatiGeneraliDocumento/Causale',
  'DatiGeneraliDocumento/DatiCassaPrevidenziale',
  'DatiGeneraliDocumento/DatiRitenuta',
  'DatiGeneraliDocumento/ScontoMaggiorazione',
  'DatiContratto/RiferimentoNumeroLinea',
  'DatiConvenzione/RiferimentoNumeroLinea',
  'DatiDDT/RiferimentoNumeroLinea',
  'DatiFattureCollegate/RiferimentoNumeroLinea',
  'DatiOrdineAcquisto/RiferimentoNumeroLinea',
  'DatiRicezione/RiferimentoNumeroLinea',
  'DatiBeniServizi/DettaglioLinee',
  'DatiBeniServizi/DatiRiepilogo',
  'DettaglioLinee/AltriDatiGestionali',
  'DettaglioLinee/CodiceArticolo',
  'DettaglioLinee/ScontoMaggiorazione',
  'DatiPagamento/DettaglioPagamento',
])

/** Shared placeholders (never mutated): most elements are leaves without attributes. */
const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>
const NO_CHILDREN: XmlTreeElement[] = Object.freeze([]) as unknown as XmlTreeElement[]

/**
 * A tree element under construction: what a parser adapter creates, fills (attributes, children,
 * text) and hands over as an {@link XmlElement}. `xpath` is computed on first read (from the parent
 * chain), because it is needed only for the few elements an issue is reported on, and building it
 * for every element would double the cost of reading a large invoice.
 * @example
 * const root = new XmlTreeElement('a', null, 1, null)
 * const b = root.addChild(new XmlTreeElement('b', null, 1, root))
 * b.addText('1')
 * b.xpath // '/a/b'
 */
export class XmlTreeElement implements XmlElement {
  readonly name: string
  readonly prefix: string | null
  readonly line: number
  attrs: Record<string, string> = NO_ATTRS
  children: XmlTreeElement[] = NO_CHILDREN
  text = ''
  /** Private, so that the tree stays acyclic for JSON, structural equality and printing. */
  readonly #parent: XmlTreeElement | null
  #xpath: string | null = null
  /** For a parent: the `[n]` of each child, filled on the first xpath read of one of its children. */
  #indexes: Map<XmlTreeElement, number> | null = null

  constructor(name: string, prefix: string | null, line: number, parent: XmlTreeElement | null) {
    this.name = name
    this.prefix = prefix
    this.line = line
    this.#parent = parent
  }

  addAttr(qname: string, value: string): void {
    if (this.attrs === NO_ATTRS) this.attrs = {}
    this.attrs[qname] = value
  }

  addChild(child: XmlTreeElement): XmlTreeElement {
    if (this.children === NO_CHILDREN) this.children = [child]
    else this.children.push(child)
    return child
  }

  addText(text: string): void {
    this.text += text
  }

  get xpath(): string {
    if (this.#xpath !== null) return this.#xpath
    const p = this.#parent
    if (p === null) this.#xpath = `/${this.name}`
    else {
      const n = p.#indexOf(this)
      this.#xpath = n > 0 ? `${p.xpath}/${this.name}[${n}]` : `${p.xpath}/${this.name}`
    }
    return this.#xpath
  }

  /** 1-based position of `child` among its same-name siblings, or 0 when it takes no index. */
  #indexOf(child: XmlTreeElement): number {
    if (this.#indexes === null) {
      const totals = new Map<string, number>()
      for (const k of this.children) totals.set(k.name, (totals.get(k.name) ?? 0) + 1)
      const seen = new Map<string, number>()
      this.#indexes = new Map()
      for (const k of this.children) {
        if ((totals.get(k.name) ?? 0) < 2 && !REPEATABLE.has(`${this.name}/${k.name}`)) continue
        const n = (seen.get(k.name) ?? 0) + 1
        seen.set(k.name, n)
        this.#indexes.set(k, n)
      }
    }
    return this.#indexes.get(child) ?? 0
  }

  /** A plain-data view (what `JSON.stringify` prints): the getter is not an own property. */
  toJSON(): XmlElement {
    return {
      name: this.name,
      prefix: this.prefix,
      attrs: this.attrs,
      children: this.children,
      text: this.text,
      xpath: this.xpath,
      line: this.line,
    }
  }
}
