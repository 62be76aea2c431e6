/**
 * FatturaPA XSD validation (layer a) in Node: the shared XsdValidator contract
 * (test/contract/xsd-validator.contract.ts: broken documents with codes, XPaths and Italian messages,
 * the reader's refusals, the tree, one parse), and what needs Node: the official samples and the peers
 * corpus from disk, hostile input against real files, agreement with Debian's xmllint, the edge variant
 * of the schema against the official one, and no libxml2 leak across many calls.
 */

import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as libxml2 from 'libxml2-wasm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createXsdValidatorWith, type DisposableXsdValidator } from '../../../adapters/fatturapa/xsd/create-validator.ts'
import { classifyXsdMessage } from '../../../adapters/fatturapa/xsd/issues.ts'
import { PARSE_OPTIONS } from '../../../adapters/fatturapa/xsd/libxml2.ts'
import { createNodeXsdValidator, nodeLibxml2 } from '../../../adapters/fatturapa/xsd/node.ts'
import { FATTURAPA_EDGE_XSD, FATTURAPA_XSD, XMLDSIG_XSD } from '../../../adapters/fatturapa/xsd/schemas/schemas.generated.ts'
import { normalizeXPath, readRepeatMap } from '../../../adapters/fatturapa/xsd/xpath.ts'
import type { ValidationIssue } from '../../../core/fatturapa/issue.ts'
import type { XsdValidator } from '../../../ports/xsd-validator.port.ts'
import { runXsdValidatorContract } from '../../contract/xsd-validator.contract.ts'
import { invoiceWithLines, replaceOnce, SMALL_INVOICE } from '../../fixtures/fatturapa/xsd/invoices.ts'
import { requireTool } from '../../setup/tools.ts'

const EXAMPLES = join(process.cwd(), 'test/fixtures/fatturapa/examples')
const PEERS = join(process.cwd(), 'test/fixtures/fatturapa/peers')
const SCHEMAS = join(process.cwd(), 'adapters/fatturapa/xsd/schemas')
const BODY = '/FatturaElettronica/FatturaElettronicaBody[1]'
const HEADER = '/FatturaElettronica/FatturaElettronicaHeader'

const example = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8')
const summary = (issues: readonly ValidationIssue[]) => issues.map((i) => [i.layer, i.code, i.xpath])

/** Decodes a file as its XML declaration says (the port takes text: the caller decodes). */
function readXml(path: string): string {
  const bytes = readFileSync(path)
  const head = bytes.subarray(0, 200).toString('latin1')
  const enc = /encoding=["']([^"']+)["']/.exec(head)?.[1]?.toLowerCase() ?? 'utf-8'
  return new TextDecoder(enc).decode(bytes)
}

runXsdValidatorContract('Node, libxml2-wasm as published (adapters/fatturapa/xsd/node.ts)', createNodeXsdValidator)

let xsd: XsdValidator
beforeAll(async () => {
  xsd = await createNodeXsdValidator()
})

describe('FatturaPA XSD validator (Node, libxml2-wasm, official XSD 1.2.2 + xmldsig)', () => {
  it('is compiled once and shared', async () => {
    expect(await createNodeXsdValidator()).toBe(xsd)
  })

  it('passes the official samples except FPR02, which has ContattiTrasmittente out of order', async () => {
    const files = readdirSync(EXAMPLES).filter((f) => /^IT01234567890_FP[AR]0[1-3]\.xml$/.test(f))
    expect(files).toHaveLength(6)
    for (const f of files) {
      const issues = await xsd.validate(example(f))
      if (f === 'IT01234567890_FPR02.xml') {
        expect(summary(issues)).toEqual([['xsd', 'XSD-UNEXPECTED-ELEMENT', `${HEADER}/DatiTrasmissione/ContattiTrasmittente`]])
        expect(issues[0]?.message.it).toBe("Elemento 'ContattiTrasmittente' non previsto in questa posizione.")
      } else {
        expect(issues, f).toEqual([])
      }
    }
    expect(await xsd.validate(example('sample_minimal_FPR12_ok.xml'))).toEqual([])
  })

  it('reports TD29, RF20 (XSD 1.2.3 only) and a one-decimal Imposta in the research sample', async () => {
    const issues = await xsd.validate(example('sample_FPR12_bad_TD29_RF20_Imposta.xml'))
    expect(summary(issues)).toEqual([
      ['xsd', 'XSD-ENUMERATION', `${HEADER}/CedentePrestatore/DatiAnagrafici/RegimeFiscale`],
      ['xsd', 'XSD-ENUMERATION', `${BODY}/DatiGenerali/DatiGeneraliDocumento/TipoDocumento`],
      ['xsd', 'XSD-PATTERN', `${BODY}/DatiBeniServizi/DatiRiepilogo[1]/Imposta`],
    ])
    expect(issues.every((i) => i.severity === 'error')).toBe(true)
  })

  it('writes XPaths in the issue form: no root prefix, [n] on every repeatable element', () => {
    const map = readRepeatMap(FATTURAPA_XSD)
    const libxml2Path = '/p:FatturaElettronica/FatturaElettronicaBody/DatiBeniServizi/DettaglioLinee[2]/PrezzoTotale'
    expect(normalizeXPath(libxml2Path, map)).toBe(
      '/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DettaglioLinee[2]/PrezzoTotale',
    )
    expect(normalizeXPath('/*/FatturaElettronicaHeader/DatiTrasmissione', map, { root: 'FatturaElettronica' })).toBe(
      '/FatturaElettronica/FatturaElettronicaHeader/DatiTrasmissione',
    )
    expect(normalizeXPath('/p:FatturaElettronica/FatturaElettronicaBody/DatiGenerali/DatiGeneraliDocumento/Causale', map)).toBe(
      '/FatturaElettronica/FatturaElettronicaBody[1]/DatiGenerali/DatiGeneraliDocumento/Causale[1]',
    )
    expect(normalizeXPath('/a:FatturaElettronica/ds:Signature/ds:SignedInfo', map)).toBe('/FatturaElettronica/ds:Signature/ds:SignedInfo')
    expect(normalizeXPath(undefined, map)).toBe('/')
    // Every repeatable element of the schema is known (22 maxOccurs="unbounded" in XSD 1.2.2).
    const many = [...map.types.values()].flatMap((children) => [...children.values()].filter((c) => c.many))
    expect(many).toHaveLength(22)
  })
})

describe('hostile input', () => {
  let dir: string
  let secretFile: string
  const SECRET = 'TOP-SECRET-7f3a'
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'varco-xsd-'))
    secretFile = join(dir, 'secret.txt')
    writeFileSync(secretFile, SECRET)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const withDoctype = (dtd: string, body: string) =>
    SMALL_INVOICE.replace('<p:FatturaElettronica', `<!DOCTYPE p:FatturaElettronica [${dtd}]>\n<p:FatturaElettronica`).replace(
      '<Descrizione>Consulenza</Descrizione>',
      `<Descrizione>${body}</Descrizione>`,
    )

  it('refuses DTDs, entity declarations and XInclude before parsing (layer xml)', async () => {
    const R = (find: string, replacement: string) => replaceOnce(SMALL_INVOICE, find, replacement)
    const laughs = '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
    const docs = [
      withDoctype(laughs, '&c;'),
      withDoctype(`<!ENTITY x SYSTEM "file://${secretFile}">`, '&x;'),
      withDoctype(`<!ENTITY % p SYSTEM "file://${secretFile}"> %p;`, 'x'),
      withDoctype('<!ENTITY x SYSTEM "http://127.0.0.1:9/evil">', '&x;'),
      SMALL_INVOICE.replace(
        '<p:FatturaElettronica',
        '<!doctype p:FatturaElettronica SYSTEM "http://127.0.0.1:9/x.dtd">\n<p:FatturaElettronica',
      ),
    ]
    for (const d of docs) expect(summary(await xsd.validate(d))).toEqual([['xml', 'XML-DOCTYPE', '/']])
    const xinclude = R(
      '<Descrizione>Consulenza</Descrizione>',
      `<Descrizione><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://${secretFile}" parse="text"/></Descrizione>`,
    )
    expect(summary(await xsd.validate(xinclude))).toEqual([['xml', 'XML-XINCLUDE', '/']])
    expect((await xsd.validate(docs[0] ?? ''))[0]?.message.it).toContain('DOCTYPE')
  })

  it('parses with options that never substitute or load entities (the second line of defence)', () => {
    const P = libxml2.ParseOption
    const opts = PARSE_OPTIONS(P)
    expect(opts & (P.XML_PARSE_NOENT | P.XML_PARSE_DTDLOAD | P.XML_PARSE_DTDATTR | P.XML_PARSE_DTDVALID | P.XML_PARSE_XINCLUDE)).toBe(0)
    expect(opts & P.XML_PARSE_NO_XXE).toBe(P.XML_PARSE_NO_XXE)
    expect(opts & P.XML_PARSE_NONET).toBe(P.XML_PARSE_NONET)
    // Straight to libxml2 with those options (no pre-screen): the external entity is not read.
    const doc = libxml2.XmlDocument.fromString(withDoctype(`<!ENTITY x SYSTEM "file://${secretFile}">`, 'a&x;b'), { option: opts })
    try {
      expect(doc.toString()).not.toContain(SECRET)
      expect(doc.get('//Descrizione')?.content ?? '').not.toContain(SECRET)
    } finally {
      doc.dispose()
    }
  })

  it('the samples of the peers corpus that carry a DTD are all refused', async () => {
    if (!existsSync(join(PEERS, 'invalid'))) return expect.fail('test/fixtures/fatturapa/peers is missing')
    const hostile = readdirSync(join(PEERS, 'invalid')).filter((f) => /<!DOCTYPE/i.test(readFileSync(join(PEERS, 'invalid', f), 'utf8')))
    expect(hostile.length).toBeGreaterThanOrEqual(5)
    for (const f of hostile)
      expect(summary(await xsd.validate(readXml(join(PEERS, 'invalid', f)))), f).toEqual([['xml', 'XML-DOCTYPE', '/']])
  })
})

describe('the edge variant of the XSD (what workerd validates against)', () => {
  let edge: DisposableXsdValidator
  beforeAll(() => {
    edge = createXsdValidatorWith(nodeLibxml2, { xsd: FATTURAPA_EDGE_XSD, url: 'edge.xsd' })
  })
  afterAll(() => edge.dispose())

  it('is derived from the official XSD by the build script, and the generated files are current', () => {
    const r = spawnSync(join(process.cwd(), 'node_modules/.bin/node'), ['scripts/build-xsd-wasm.mjs', '--check'], { encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(readFileSync(join(SCHEMAS, 'Schema_del_file_xml_FatturaPA_v1.2.2.xsd'), 'utf8')).toBe(FATTURAPA_XSD)
    expect(readFileSync(join(SCHEMAS, 'xmldsig-core-schema.xsd'), 'utf8')).toBe(XMLDSIG_XSD)
    expect(readFileSync(join(SCHEMAS, 'Schema_del_file_xml_FatturaPA_v1.2.2.edge.xsd'), 'utf8')).toBe(FATTURAPA_EDGE_XSD)
    expect(FATTURAPA_EDGE_XSD).not.toContain('<xs:import')
    expect(FATTURAPA_EDGE_XSD).not.toContain('ref="ds:Signature"')
    expect(FATTURAPA_EDGE_XSD).toContain('<xs:any namespace="http://www.w3.org/2000/09/xmldsig#" processContents="lax" minOccurs="0"/>')
    // Nothing else changed: line by line, after the generated-file comment, only those two lines differ.
    const official = FATTURAPA_XSD.split('\n')
    const derived = FATTURAPA_EDGE_XSD.split('\n')
    expect(derived.splice(1, 1)[0]).toMatch(/^<!-- GENERATED by scripts\/build-xsd-wasm\.mjs/)
    expect(derived).toHaveLength(official.length)
    const changed = official.flatMap((line, i) => (line === derived[i] ? [] : [[line.trim(), derived[i]?.trim()]]))
    expect(changed).toEqual([
      [expect.stringMatching(/^<xs:import namespace="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#"/), ''],
      [expect.stringMatching(/^<xs:element ref="ds:Signature"\s+minOccurs="0"\s+\/>$/), expect.stringMatching(/^<xs:any /)],
    ])
  })

  it('gives the same issues as the official XSD on the samples, the broken documents and the peers corpus', async () => {
    const docs: string[] = readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.xml'))
      .map(example)
    for (const sub of ['valid', 'invalid', 'unstated']) {
      const d = join(PEERS, sub)
      if (existsSync(d)) for (const f of readdirSync(d).filter((n) => n.endsWith('.xml'))) docs.push(readXml(join(d, f)))
    }
    docs.push(SMALL_INVOICE.replace('TD01', 'TD99'), SMALL_INVOICE.replace('<Divisa>EUR</Divisa>', ''))
    expect(docs.length).toBeGreaterThan(100)
    for (const d of docs) expect(await edge.validate(d)).toEqual(await xsd.validate(d))
  })

  it('differs only inside ds:Signature, which it accepts laxly (the signature is checked cryptographically)', async () => {
    const signed = (sig: string) => replaceOnce(SMALL_INVOICE, '</FatturaElettronicaBody>\n', `</FatturaElettronicaBody>\n  ${sig}\n`)
    const bogus = signed('<ds:Signature><ds:SignedInfo/></ds:Signature>')
    expect(await edge.validate(bogus)).toEqual([])
    const strict = await xsd.validate(bogus) // SignedInfo and Signature both lack required children
    expect(strict.length).toBeGreaterThan(0)
    expect(new Set(strict.map((i) => i.code))).toEqual(new Set(['XSD-MISSING-CHILD']))
    expect(strict.map((i) => i.xpath)).toContain('/FatturaElettronica/ds:Signature/ds:SignedInfo')
    // A signature element outside the xmldsig namespace is still refused by both.
    const foreign = signed('<x:Signature xmlns:x="urn:x"/>')
    expect((await edge.validate(foreign)).map((i) => i.code)).toEqual(['XSD-UNEXPECTED-ELEMENT'])
    expect((await xsd.validate(foreign)).map((i) => i.code)).toEqual(['XSD-UNEXPECTED-ELEMENT'])
  })
})

describe('agreement with the XSD column of the peers corpus manifest (xmllint 2.9 verdicts)', () => {
  it('passes what the manifest passes, and fails the others on the same element and layer', async () => {
    const manifest = join(PEERS, 'manifest.tsv')
    if (!existsSync(manifest)) return expect.fail('test/fixtures/fatturapa/peers/manifest.tsv is missing')
    const rows = readFileSync(manifest, 'utf8').trim().split('\n').slice(1)
    expect(rows.length).toBeGreaterThan(100)
    for (const row of rows) {
      const [file = '', , , verdict = ''] = row.split('\t')
      // xmllint skips processing instructions. The reader refuses them (XML-PI, corpus.test.ts), even
      // <?xml-stylesheet?> when it is not before the root: to compare the schema verdicts, drop them.
      const xml = readXml(join(PEERS, file)).replace(/<\?xml-stylesheet[^?]*\?>/g, '')
      const issues = await xsd.validate(xml)
      if (verdict === 'pass') {
        expect(issues, file).toEqual([])
      } else if (/<!DOCTYPE/i.test(xml)) {
        expect(summary(issues), file).toEqual([['xml', 'XML-DOCTYPE', '/']])
      } else if (verdict.startsWith('fail(rc=1)')) {
        expect(summary(issues), file).toEqual([['xml', 'XML-MALFORMED', '/']])
      } else {
        const m = /^fail\(rc=3\): element ([^:]+): Schemas validity error : (.*)$/.exec(verdict)
        expect(m, `${file}: ${verdict}`).not.toBeNull()
        expect(issues[0]?.layer, file).toBe('xsd')
        expect(
          issues[0]?.xpath
            .split('/')
            .at(-1)
            ?.replace(/\[\d+\]$/, ''),
          file,
        ).toBe(m?.[1])
        // The manifest truncates long messages; classify only those it kept whole enough.
        const theirs = classifyXsdMessage(m?.[2] ?? '').code
        if (theirs !== 'XSD-OTHER') expect(issues[0]?.code, file).toBe(theirs)
      }
    }
  })
})

describe("agreement with Debian's xmllint --schema", () => {
  const xmllint = requireTool('xmllint', 'libxml2-utils')
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'varco-xmllint-'))
    // xmllint gets the same schema with the xmldsig import pointing at the local copy (no network).
    const local = FATTURAPA_XSD.replace(/schemaLocation="http:\/\/www\.w3\.org\/[^"]+"/, 'schemaLocation="xmldsig-core-schema.xsd"')
    writeFileSync(join(dir, 'fatturapa.xsd'), local)
    writeFileSync(join(dir, 'xmldsig-core-schema.xsd'), XMLDSIG_XSD)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.skipIf(xmllint === '')('gives the same verdicts and the same error classes on valid and invalid documents', async () => {
    const docs: Record<string, string> = {}
    for (const f of readdirSync(EXAMPLES).filter((n) => n.endsWith('.xml'))) docs[f] = example(f)
    docs['td99.xml'] = SMALL_INVOICE.replace('TD01', 'TD99')
    docs['no-divisa.xml'] = SMALL_INVOICE.replace('<Divisa>EUR</Divisa>', '')
    docs['no-riepilogo.xml'] = SMALL_INVOICE.replace(/\s*<DatiRiepilogo>[\s\S]*<\/DatiRiepilogo>/, '')
    docs['idcodice-29.xml'] = SMALL_INVOICE.replace(
      '<IdCodice>01234567890</IdCodice></IdFiscaleIVA>',
      `<IdCodice>${'1'.repeat(29)}</IdCodice></IdFiscaleIVA>`,
    )
    docs['bad-date.xml'] = SMALL_INVOICE.replace('<Data>2025-03-15</Data>', '<Data>2025-13-45</Data>')
    docs['euro.xml'] = SMALL_INVOICE.replace('<Descrizione>Consulenza', '<Descrizione>Consulenza €')
    docs['versione.xml'] = SMALL_INVOICE.replace('versione="FPR12"', 'versione="FPX12"')
    docs['lines-300.xml'] = invoiceWithLines(300)
    docs['signed-bogus.xml'] = SMALL_INVOICE.replace(
      '</FatturaElettronicaBody>\n',
      '</FatturaElettronicaBody>\n<ds:Signature><ds:SignedInfo/></ds:Signature>\n',
    )
    let invalid = 0
    for (const [name, xml] of Object.entries(docs)) {
      const path = join(dir, name)
      writeFileSync(path, xml)
      const r = spawnSync(xmllint, ['--noout', '--nonet', '--schema', join(dir, 'fatturapa.xsd'), path], { encoding: 'utf8' })
      const theirs = r.stderr
        .split('\n')
        .map((l) => /Schemas validity error : (.*)$/.exec(l)?.[1])
        .filter((m): m is string => m !== undefined)
        .map((m) => [classifyXsdMessage(m).code, /^Element '(?:\{[^}]*\})?([^']+)'/.exec(m)?.[1]])
      const ours = (await xsd.validate(xml)).map((i) => [i.code, /^Element '(?:\{[^}]*\})?([^']+)'/.exec(i.message.en)?.[1]])
      expect(r.status === 0, `${name}: ${r.stderr}`).toBe(ours.length === 0)
      expect(ours, name).toEqual(theirs)
      if (ours.length > 0) invalid++
    }
    expect(invalid).toBeGreaterThanOrEqual(9)
  })
})

describe('resources', () => {
  it('frees every parsed document: thousands of validations leave no document alive and memory flat', async () => {
    libxml2.diag.configure({ enabled: true })
    try {
      const v = createXsdValidatorWith(nodeLibxml2, { xsd: FATTURAPA_EDGE_XSD, url: 'edge.xsd' })
      const bad = SMALL_INVOICE.replace('TD01', 'TD99')
      const broken = SMALL_INVOICE.replace('</DatiGenerali>', '')
      const refusedAfterParsing = SMALL_INVOICE.replace('<Divisa>', '<?pi?><Divisa>')
      const round = async (n: number) => {
        for (let i = 0; i < n; i++) {
          await v.validate(SMALL_INVOICE)
          await v.validate(bad)
          await v.validate(broken)
          await v.check(bad)
          await v.check(refusedAfterParsing)
          v.read(SMALL_INVOICE)
        }
      }
      await round(200) // warm up: the wasm heap grows to its working size
      const live = () => {
        const r = libxml2.diag.report() as Record<string, { instances?: unknown[] } | undefined>
        return r['XmlDocument']?.instances?.length ?? 0
      }
      const before = { docs: live(), rss: process.memoryUsage().rss }
      await round(1000)
      expect(live()).toBe(before.docs) // only the schema documents, created before the loop
      // 6 000 leaked documents would add about 120 MB of wasm heap to the RSS (measured: 20 KB each).
      expect(process.memoryUsage().rss - before.rss).toBeLessThan(32 * 1024 * 1024)
      v.dispose()
    } finally {
      libxml2.diag.configure({ enabled: false })
    }
  })
})
