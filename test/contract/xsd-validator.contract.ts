/**
 * The XsdValidator contract (ports/xsd-validator.port.ts, with its XmlDocumentReader): every adapter
 * passes these cases, the Node one (adapters/fatturapa/xsd/node.ts, test/adapters/fatturapa/xsd.test.ts)
 * and the edge one inside workerd (edge.ts, test/workerd/fatturapa-xsd.test.ts). The schema verdicts
 * (codes, XPaths, Italian messages), the refusal rules of the reader with their stable `XML-*` codes
 * and lines, the tree, and the one-parse promise: `check` gives the tree of the very document whose
 * schema issues it returns, equal to what `read` and `validate` give. Runtime-neutral: strings only,
 * no node: imports.
 * @module
 */

import { describe, expect, it } from 'vitest'
import type { ValidationIssue } from '../../core/fatturapa/issue.ts'
import type { XmlReadOptions } from '../../core/fatturapa/xml-refusals.ts'
import type { XmlElement } from '../../core/fatturapa/xml-tree.ts'
import type { XsdValidator } from '../../ports/xsd-validator.port.ts'
import { invoiceWithLines, replaceOnce, SMALL_INVOICE } from '../fixtures/fatturapa/xsd/invoices.ts'

const BODY = '/FatturaElettronica/FatturaElettronicaBody[1]'
const HEADER = '/FatturaElettronica/FatturaElettronicaHeader'
const summary = (issues: readonly ValidationIssue[]) => issues.map((i) => [i.layer, i.code, i.xpath])
const R = (find: string, replacement: string) => replaceOnce(SMALL_INVOICE, find, replacement)

/** The schema cases: one broken invoice each, with the code, XPath and Italian text every adapter gives. */
const SCHEMA_CASES: readonly { name: string; xml: string; code: string; xpath: string; it: string; also?: string }[] = [
  {
    name: 'a missing required child',
    xml: SMALL_INVOICE.replace(/\s*<DatiRiepilogo>[\s\S]*<\/DatiRiepilogo>/, ''),
    code: 'XSD-MISSING-CHILD',
    xpath: `${BODY}/DatiBeniServizi`,
    it: "Elemento 'DatiBeniServizi': manca un elemento figlio obbligatorio. Atteso: ( DettaglioLinee, DatiRiepilogo ).",
  },
  {
    name: 'an element out of place',
    xml: R('<Divisa>EUR</Divisa>', ''),
    code: 'XSD-UNEXPECTED-ELEMENT',
    xpath: `${BODY}/DatiGenerali/DatiGeneraliDocumento/Data`,
    it: "Elemento 'Data' non previsto in questa posizione. Atteso: ( Divisa ).",
  },
  {
    name: 'a value outside the enumeration',
    xml: R('<TipoDocumento>TD01</TipoDocumento>', '<TipoDocumento>TD99</TipoDocumento>'),
    code: 'XSD-ENUMERATION',
    xpath: `${BODY}/DatiGenerali/DatiGeneraliDocumento/TipoDocumento`,
    it: "il valore 'TD99' non è tra quelli ammessi {'TD01'",
  },
  {
    name: 'a pattern mismatch (an amount with one decimal)',
    xml: R('<ImportoTotaleDocumento>122.00</ImportoTotaleDocumento>', '<ImportoTotaleDocumento>122.0</ImportoTotaleDocumento>'),
    code: 'XSD-PATTERN',
    xpath: `${BODY}/DatiGenerali/DatiGeneraliDocumento/ImportoTotaleDocumento`,
    it: "Elemento 'ImportoTotaleDocumento': il valore '122.0' non rispetta il formato richiesto",
  },
  {
    name: 'a character outside Latin-1 (€)',
    xml: R('<Descrizione>Consulenza</Descrizione>', '<Descrizione>Consulenza €</Descrizione>'),
    code: 'XSD-PATTERN',
    xpath: `${BODY}/DatiBeniServizi/DettaglioLinee[1]/Descrizione`,
    it: "il valore 'Consulenza €' non rispetta il formato richiesto",
  },
  {
    name: 'a value too long (IdCodice over 28 characters)',
    xml: R('<IdCodice>01234567890</IdCodice></IdFiscaleIVA>', `<IdCodice>${'1'.repeat(29)}</IdCodice></IdFiscaleIVA>`),
    code: 'XSD-MAX-LENGTH',
    xpath: `${HEADER}/CedentePrestatore/DatiAnagrafici/IdFiscaleIVA/IdCodice`,
    it: "Elemento 'IdCodice': il valore è troppo lungo (29 caratteri, massimo 28).",
  },
  {
    name: 'a value of the wrong length (TipoDocumento of 3 characters)',
    xml: R('<TipoDocumento>TD01</TipoDocumento>', '<TipoDocumento>TD1</TipoDocumento>'),
    code: 'XSD-LENGTH',
    xpath: `${BODY}/DatiGenerali/DatiGeneraliDocumento/TipoDocumento`,
    it: 'il valore è lungo 3 caratteri invece di 4',
    also: 'XSD-ENUMERATION', // the type has both facets; libxml2 reports both
  },
  {
    name: 'a date that is not a date',
    xml: R('<Data>2025-03-15</Data>', '<Data>2025-13-45</Data>'),
    code: 'XSD-DATATYPE',
    xpath: `${BODY}/DatiGenerali/DatiGeneraliDocumento/Data`,
    it: "Elemento 'Data': '2025-13-45' non è un valore valido del tipo 'DataFatturaType'.",
  },
  {
    name: 'a rate above 100',
    xml: R('<AliquotaIVA>22.00</AliquotaIVA>\n      </DettaglioLinee>', '<AliquotaIVA>122.00</AliquotaIVA>\n      </DettaglioLinee>'),
    code: 'XSD-MAX-INCLUSIVE',
    xpath: `${BODY}/DatiBeniServizi/DettaglioLinee[1]/AliquotaIVA`,
    it: "il valore '122.00' è superiore al massimo ammesso (100.00)",
  },
  {
    name: 'an error on the second line',
    xml: invoiceWithLines(3).replace('<NumeroLinea>2</NumeroLinea>', '<NumeroLinea>0</NumeroLinea>'),
    code: 'XSD-MIN-INCLUSIVE',
    xpath: `${BODY}/DatiBeniServizi/DettaglioLinee[2]/NumeroLinea`,
    it: "il valore '0' è inferiore al minimo ammesso (1)",
  },
  {
    name: 'a missing versione attribute',
    xml: R('versione="FPR12" ', ''),
    code: 'XSD-MISSING-ATTRIBUTE',
    xpath: '/FatturaElettronica',
    it: "manca l'attributo obbligatorio 'versione'",
  },
  {
    name: 'a wrong versione attribute',
    xml: R('versione="FPR12" ', 'versione="FPX12" '),
    code: 'XSD-ENUMERATION',
    xpath: '/FatturaElettronica/@versione',
    it: "il valore 'FPX12' non è tra quelli ammessi {'FPA12', 'FPR12'}",
  },
  {
    name: 'the root in another namespace',
    xml: SMALL_INVOICE.replace('docs/xsd/fatture/v1.2"', 'docs/xsd/fatture/v1.0"'),
    code: 'XSD-ROOT',
    xpath: '/FatturaElettronica',
    it: "L'elemento radice 'FatturaElettronica' non è FatturaElettronica",
  },
  {
    name: 'text inside an element-only element',
    xml: R('<DatiGenerali>', '<DatiGenerali>testo'),
    code: 'XSD-CONTENT',
    xpath: `${BODY}/DatiGenerali`,
    it: "Elemento 'DatiGenerali': contenuto non ammesso per il suo tipo.",
  },
]

/** Not well-formed input: libxml2's diagnostic, at its line, as `XML-MALFORMED`. */
const MALFORMED: readonly [name: string, xml: string, line: number, en: RegExp][] = [
  ['mismatched end tag', '<r>\n<a>\n</b></r>', 3, /Opening and ending tag mismatch: a line 2 and b/],
  ['end of document inside an element', '<r>\n<a>x</a>', 2, /Premature end of data in tag r/],
  ['two roots', '<a/>\n<b/>', 2, /Extra content at the end of the document/],
  ['text after the root', '<a/>junk', 1, /Extra content at the end of the document/],
  ['text before the root', 'junk<a/>', 1, /Start tag expected/],
  ['repeated attribute', '<a x="1" x="2"/>', 1, /Attribute x redefined/],
  ['unquoted attribute', '<a x=1/>', 1, /AttValue: " or ' expected/],
  ['"<" in an attribute', '<a x="<"/>', 1, /Unescaped '<' not allowed in attributes values/],
  ['bare ampersand', '<a>fish & chips</a>', 1, /xmlParseEntityRef: no name/],
  ['NUL character', '<a>\u0000</a>', 1, /Char 0x0 out of allowed range/],
  ['reference to NUL', '<a>&#0;</a>', 1, /invalid xmlChar value 0/],
  ['lone surrogate', '<a>\uD800</a>', 1, /Invalid bytes in character encoding/],
  ['"]]>" in text', '<a>]]></a>', 1, /Sequence '\]\]>' not allowed in content/],
  ['bad element name', '<1a/>', 1, /invalid element name/],
  ['unterminated comment', '<a><!-- x</a>', 1, /Comment not terminated/],
  ['unterminated CDATA', '<a><![CDATA[x</a>', 1, /CData section not finished/],
  ['XML declaration not at the start', '\n<?xml version="1.0"?><r/>', 2, /XML declaration allowed only at the start/],
  ['XML declaration without a version', '<?xml encoding="UTF-8"?><r/>', 1, /expecting version/],
  ['empty document', '', 1, /no root element/],
  ['unterminated root of a FatturaPA', '<p:FatturaElettronica', 1, /./],
]

export function runXsdValidatorContract(name: string, make: () => Promise<XsdValidator>): void {
  describe(`XsdValidator contract: ${name}`, () => {
    const refusal = async (xml: string, options?: XmlReadOptions): Promise<ValidationIssue> => {
      const xsd = await make()
      const r = xsd.read(xml, options)
      if (r.ok) throw new Error('accepted')
      expect(r.issue).toMatchObject({ layer: 'xml', severity: 'error' })
      expect(r.issue.message.it).toMatch(/^Riga \d+: ./)
      // Every entry point refuses the same way: the reader, check and validate.
      expect(await xsd.check(xml, options)).toEqual({ ok: false, issue: r.issue })
      expect(await xsd.validate(xml, options)).toEqual([r.issue])
      return r.issue
    }
    const tree = async (xml: string, options?: XmlReadOptions): Promise<XmlElement> => {
      const r = (await make()).read(xml, options)
      if (!r.ok) throw new Error(`refused: ${r.issue.code} ${r.issue.message.en}`)
      return r.root
    }

    describe('the schema', () => {
      it('accepts a valid invoice', async () => {
        const xsd = await make()
        expect(await xsd.validate(SMALL_INVOICE)).toEqual([])
        expect(await xsd.validate(invoiceWithLines(3))).toEqual([])
      })

      for (const c of SCHEMA_CASES) {
        it(`reports ${c.name} as ${c.code} at its XPath, in Italian and English`, async () => {
          const issues = await (await make()).validate(c.xml)
          const extra = c.also === undefined ? [] : [['xsd', c.also, c.xpath]]
          expect(summary(issues)).toEqual([['xsd', c.code, c.xpath], ...extra])
          expect(issues[0]?.message.it).toContain(c.it)
          expect(issues[0]?.message.en).toMatch(/^Element '/)
        })
      }

      it('reports several errors in document order', async () => {
        let bad = R('<TipoDocumento>TD01</TipoDocumento>', '<TipoDocumento>TD99</TipoDocumento>')
        bad = replaceOnce(bad, '<Imposta>22.00</Imposta>', '<Imposta>22.0</Imposta>')
        expect(summary(await (await make()).validate(bad))).toEqual([
          ['xsd', 'XSD-ENUMERATION', `${BODY}/DatiGenerali/DatiGeneraliDocumento/TipoDocumento`],
          ['xsd', 'XSD-PATTERN', `${BODY}/DatiBeniServizi/DatiRiepilogo[1]/Imposta`],
        ])
      })

      it('names the root when it has no prefix (default namespace) and keeps the second body apart', async () => {
        const xsd = await make()
        const unprefixed = SMALL_INVOICE.replaceAll('p:FatturaElettronica', 'FatturaElettronica').replace(
          'xmlns:p=',
          'xmlns:x="urn:x" xmlns=',
        )
        // With a default namespace the children are namespaced too, which FatturaPA forbids.
        expect(summary(await xsd.validate(unprefixed))).toEqual([
          ['xsd', 'XSD-UNEXPECTED-ELEMENT', '/FatturaElettronica/FatturaElettronicaHeader[1]'],
        ])
        const body = /<FatturaElettronicaBody>[\s\S]*<\/FatturaElettronicaBody>/.exec(SMALL_INVOICE)?.[0] ?? ''
        const twoBodies = R('</FatturaElettronicaBody>', `</FatturaElettronicaBody>${body.replace('TD01', 'TD77')}`)
        expect(summary(await xsd.validate(twoBodies))).toEqual([
          ['xsd', 'XSD-ENUMERATION', '/FatturaElettronica/FatturaElettronicaBody[2]/DatiGenerali/DatiGeneraliDocumento/TipoDocumento'],
        ])
      })

      it('treats the text as already decoded (an ISO-8859-1 declaration does not re-decode it)', async () => {
        const latin = R('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace('<Descrizione>Consulenza', '<Descrizione>Consulenza è à ò')
        const xsd = await make()
        expect(await xsd.validate(latin)).toEqual([])
        const r = xsd.read(latin)
        expect(r.ok && r.root.children[1]?.children[1]?.children[0]?.children[1]?.text).toBe('Consulenza è à ò')
      })

      it('checks ds:Signature against the real xmldsig schema', async () => {
        const signed = R('</FatturaElettronicaBody>\n', '</FatturaElettronicaBody>\n  <ds:Signature><ds:SignedInfo/></ds:Signature>\n')
        const strict = await (await make()).validate(signed) // SignedInfo and Signature lack required children
        expect(strict.length).toBeGreaterThan(0)
        expect(strict.every((i) => i.code === 'XSD-MISSING-CHILD' && i.xpath.startsWith('/FatturaElettronica/ds:Signature'))).toBe(true)
        expect(strict.map((i) => i.xpath)).toContain('/FatturaElettronica/ds:Signature/ds:SignedInfo')
      })
    })

    describe('one parse: check gives the tree of the document it validated', () => {
      const docs = [
        SMALL_INVOICE,
        invoiceWithLines(4),
        R('<TipoDocumento>TD01</TipoDocumento>', '<TipoDocumento>TD99</TipoDocumento>'),
        R('<Divisa>EUR</Divisa>', ''),
        '<?xml version="1.0"?><Other versione="x"><a>1</a></Other>',
      ]
      it('returns the same schema issues as validate and the same tree as read', async () => {
        const xsd = await make()
        for (const xml of docs) {
          const checked = await xsd.check(xml)
          const read = xsd.read(xml)
          if (!checked.ok || !read.ok) throw new Error('refused')
          expect(checked.issues).toEqual(await xsd.validate(xml))
          expect(JSON.stringify(checked.root)).toBe(JSON.stringify(read.root))
        }
      })

      it('locates a schema error and the tree element at the same XPath', async () => {
        const checked = await (await make()).check(
          invoiceWithLines(3).replace('<NumeroLinea>2</NumeroLinea>', '<NumeroLinea>0</NumeroLinea>'),
        )
        if (!checked.ok) throw new Error('refused')
        const xpath = checked.issues[0]?.xpath ?? ''
        const find = (el: XmlElement): XmlElement | undefined =>
          el.xpath === xpath ? el : el.children.map(find).find((x) => x !== undefined)
        expect(find(checked.root)?.text).toBe('0')
      })

      it('never validates a refused document: a DOCTYPE, even in a schema-valid invoice, is the only issue', async () => {
        const xsd = await make()
        const hostile = SMALL_INVOICE.replace('<p:Fattura', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<p:Fattura')
        const r = await xsd.check(hostile.replace('TD01', 'TD99'))
        expect(r.ok ? 'accepted' : [r.issue.code, r.issue.message.en]).toEqual(['XML-DOCTYPE', expect.stringMatching(/^Line 2: /)])
      })
    })

    describe('hostile input is refused without expanding anything', () => {
      const withDoctype = (dtd: string, body: string) =>
        SMALL_INVOICE.replace('<p:FatturaElettronica', `<!DOCTYPE p:FatturaElettronica [${dtd}]>\n<p:FatturaElettronica`).replace(
          '<Descrizione>Consulenza</Descrizione>',
          `<Descrizione>${body}</Descrizione>`,
        )
      const laughs = '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'

      it('refuses DTDs and entity declarations (billion laughs, external and parameter entities) as XML-DOCTYPE', async () => {
        const docs = [
          withDoctype(laughs, '&c;'),
          withDoctype('<!ENTITY x SYSTEM "file:///etc/passwd">', '&x;'),
          withDoctype('<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;', 'x'),
          withDoctype('<!ENTITY x SYSTEM "http://127.0.0.1:9/evil">', '&x;'),
          SMALL_INVOICE.replace(
            '<p:FatturaElettronica',
            '<!doctype p:FatturaElettronica SYSTEM "http://127.0.0.1:9/x.dtd">\n<p:FatturaElettronica',
          ),
          '<r><!ENTITY x "y"></r>',
          '<r><!-- <!DOCTYPE r> --></r>',
        ]
        for (const d of docs) {
          const issue = await refusal(d)
          expect([issue.code, issue.xpath]).toEqual(['XML-DOCTYPE', '/'])
          expect(JSON.stringify(issue)).not.toMatch(/root:|aaaaaaaaaaaaaaaaaaaa/)
        }
        expect((await refusal(withDoctype(laughs, '&c;'))).message.it).toContain('DOCTYPE')
      })

      it('refuses XInclude, the other way to pull in a file', async () => {
        const xi = '<r xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd" parse="text"/></r>'
        expect((await refusal(xi)).code).toBe('XML-XINCLUDE')
        expect((await refusal('<r><include xmlns="http://www.w3.org/2003/XInclude" href="/etc/passwd"/></r>')).code).toBe('XML-XINCLUDE')
        const inInvoice = R(
          '<Descrizione>Consulenza</Descrizione>',
          '<Descrizione><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/></Descrizione>',
        )
        expect(summary(await (await make()).validate(inInvoice))).toEqual([['xml', 'XML-XINCLUDE', '/']])
      })

      it('refuses a reference to an undeclared entity instead of resolving it', async () => {
        const issue = await refusal('<r>\n<a>&xxe;</a></r>')
        expect(issue.code).toBe('XML-ENTITY')
        expect(issue.message.en).toMatch(/^Line 2: .*&xxe;/)
        expect((await refusal('<r a="&passwd;"/>')).code).toBe('XML-ENTITY')
        expect((await refusal(`<r>&${'e'.repeat(40)};</r>`)).code).toBe('XML-ENTITY')
      })

      it('refuses processing instructions other than the XML declaration (xml-stylesheet included)', async () => {
        expect((await refusal('<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="x.xsl"?><r/>')).message.en).toMatch(
          /^Line 2: processing instruction not allowed: <\?xml-stylesheet/,
        )
        const inside = await refusal('<r>\n<a><?php system("id") ?></a></r>')
        expect([inside.code, inside.xpath, inside.message.en]).toEqual(['XML-PI', '/r/a', expect.stringMatching(/^Line 2: .*<\?php/)])
        expect((await refusal('<r/><?pi?>')).code).toBe('XML-PI')
      })

      it('skips <?xml-stylesheet?> before the root only when asked to, and never another instruction', async () => {
        const xml = '<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="http://evil.example/x.xsl"?>\n<r><a/></r>'
        expect((await tree(xml, { allowXmlStylesheet: true })).children[0]?.line).toBe(3)
        expect((await refusal('<r><?xml-stylesheet href="x"?></r>', { allowXmlStylesheet: true })).code).toBe('XML-PI')
        expect((await refusal('<r/><?xml-stylesheet href="x"?>', { allowXmlStylesheet: true })).code).toBe('XML-PI')
        expect((await refusal('<?php x ?><r/>', { allowXmlStylesheet: true })).code).toBe('XML-PI')
        const styled = SMALL_INVOICE.replace('<p:Fattura', '<?xml-stylesheet type="text/xsl" href="fatturapa.xsl"?>\n<p:Fattura')
        expect(await (await make()).validate(styled, { allowXmlStylesheet: true })).toEqual([])
      })

      it('refuses absurd depth and size, with the limits configurable', async () => {
        const deep = (n: number) => `${'<a>'.repeat(n)}${'</a>'.repeat(n)}`
        const d100 = await refusal(deep(100))
        expect([d100.code, d100.xpath]).toEqual(['XML-DEPTH', `/${Array(64).fill('a').join('/')}`])
        expect((await refusal(deep(300))).code).toBe('XML-DEPTH') // past libxml2's own limit of 256
        expect((await tree(deep(20))).name).toBe('a')
        expect((await refusal(deep(20), { maxDepth: 10 })).code).toBe('XML-DEPTH')
        expect((await refusal('<a>0123456789</a>', { maxChars: 10 })).code).toBe('XML-SIZE')
        expect((await refusal(`<r>${'x'.repeat(5_000_001)}</r>`)).code).toBe('XML-SIZE')
      })
    })

    describe('malformed XML: XML-MALFORMED with the line, the namespace rules', () => {
      for (const [what, xml, line, en] of MALFORMED) {
        it(`refuses ${what}`, async () => {
          const issue = await refusal(xml)
          expect([issue.code, issue.xpath]).toEqual(['XML-MALFORMED', '/'])
          expect(issue.message.en).toMatch(new RegExp(`^Line ${line}: `))
          expect(issue.message.en).toMatch(en)
          expect(issue.message.it).toMatch(new RegExp(`^Riga ${line}: XML non ben formato: `))
        })
      }

      it('refuses an undeclared namespace prefix', async () => {
        expect((await refusal('<p:a/>')).message.en).toBe('Line 1: undeclared namespace prefix: p')
        expect((await refusal('<a xmlns:p="u"><b q:x="1"/></a>')).code).toBe('XML-NAMESPACE')
        expect((await tree('<p:a xmlns:p="u"><p:b/></p:a>')).children[0]?.prefix).toBe('p')
      })

      it('accepts the declared encodings of the Latin-1 family and refuses the others', async () => {
        expect((await tree('\uFEFF<?xml version="1.0" encoding="UTF-8"?><r/>')).name).toBe('r')
        expect((await tree("<?xml version='1.0' encoding='utf-8' standalone='yes'?><r/>")).name).toBe('r')
        expect((await tree('<?xml version="1.0" encoding="windows-1252"?><r/>')).name).toBe('r')
        expect((await tree('<?xml version="1.0" encoding="ISO-8859-1"?><r/>')).name).toBe('r')
        expect((await refusal('<?xml version="1.0" encoding="UTF-16"?><r/>')).code).toBe('XML-ENCODING')
        expect((await refusal('<?xml version="1.0" encoding="EBCDIC-CP-US"?><r/>')).code).toBe('XML-ENCODING')
      })
    })

    describe('the tree', () => {
      it('gives local names, prefixes, attributes, decoded text and lines', async () => {
        const root = await tree(
          '<?xml version="1.0"?>\n<p:F xmlns:p="urn:x" versione="FPR12" a=\'&quot;q&apos;\'>\n  <B>a &lt;b&gt; &amp; &#233;&#x20AC;<![CDATA[<raw & kept>]]></B>\n  <!-- c -->\n  <E/>\n</p:F>\n',
        )
        expect(root).toMatchObject({ name: 'F', prefix: 'p', line: 2, text: '' })
        expect(root.attrs).toEqual({ 'xmlns:p': 'urn:x', versione: 'FPR12', a: '"q\'' })
        expect(root.children.map((c) => [c.name, c.prefix, c.line, c.text])).toEqual([
          ['B', null, 3, 'a <b> & é€<raw & kept>'],
          ['E', null, 5, ''],
        ])
      })

      it('keeps a leaf’s whitespace and drops indentation, around comments too', async () => {
        const root = await tree('<r>\n  <a>  </a>\n  <b> x <!-- c --> y </b>\n  <!-- c -->\n  <c>  <!-- c --></c>\n</r>')
        expect(root.text).toBe('')
        expect(root.children.map((c) => c.text)).toEqual(['  ', ' x  y ', '  '])
      })

      it('indexes repeated siblings, and the elements FatturaPA lets repeat even when single', async () => {
        const root = await tree(
          '<FatturaElettronica><FatturaElettronicaHeader/><FatturaElettronicaBody><DatiBeniServizi><DettaglioLinee><X/><X/><Y/></DettaglioLinee><DettaglioLinee/><DatiRiepilogo/></DatiBeniServizi></FatturaElettronicaBody></FatturaElettronica>',
        )
        const dbs = root.children[1]?.children[0] as XmlElement
        expect(root.children.map((c) => c.xpath)).toEqual([
          '/FatturaElettronica/FatturaElettronicaHeader',
          '/FatturaElettronica/FatturaElettronicaBody[1]',
        ])
        expect(dbs.children.map((c) => c.xpath)).toEqual([
          `${BODY}/DatiBeniServizi/DettaglioLinee[1]`,
          `${BODY}/DatiBeniServizi/DettaglioLinee[2]`,
          `${BODY}/DatiBeniServizi/DatiRiepilogo[1]`,
        ])
        expect(dbs.children[0]?.children.map((c) => c.xpath.split('/').pop())).toEqual(['X[1]', 'X[2]', 'Y'])
      })

      it('reads a FatturaPA with its namespace declarations as attributes', async () => {
        const root = await tree(SMALL_INVOICE)
        expect(root).toMatchObject({ name: 'FatturaElettronica', prefix: 'p', line: 2 })
        expect(root.attrs).toEqual({
          versione: 'FPR12',
          'xmlns:ds': 'http://www.w3.org/2000/09/xmldsig#',
          'xmlns:p': 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2',
          'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
        })
        expect(root.children.map((c) => c.name)).toEqual(['FatturaElettronicaHeader', 'FatturaElettronicaBody'])
      })
    })
  })
}
