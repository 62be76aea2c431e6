import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNodeXsdValidator } from '../../adapters/fatturapa/xsd/node.ts'
import { FATTURAPA_XSD, XMLDSIG_XSD } from '../../adapters/fatturapa/xsd/schemas/schemas.generated.ts'
import { runFatturapaRouteContract, SEED_INVOICE } from '../contract/fatturapa-routes.contract.ts'
import { makeHarness } from '../contract/route-harness.ts'
import { requireTool } from '../setup/tools.ts'

const EXAMPLES = join(import.meta.dirname, '../fixtures/fatturapa/examples')

const harness = () => makeHarness({ dbUrl: ':memory:', over: { xsd: createNodeXsdValidator } })

runFatturapaRouteContract('Node, embedded libSQL', harness, {
  fpr03: readFileSync(join(EXAMPLES, 'IT01234567890_FPR03.xml'), 'utf8'),
  billionLaughs: `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<lolz>&lol2;</lolz>`,
})

describe("an invoice from POST /fatturapa/genera passes Debian's xmllint --schema", () => {
  const xmllint = requireTool('xmllint', 'libxml2-utils')
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'varco-genera-'))
    // The same official schema, its xmldsig import pointed at the local copy (xmllint runs with --nonet).
    writeFileSync(
      join(dir, 'fatturapa.xsd'),
      FATTURAPA_XSD.replace(/schemaLocation="http:\/\/www\.w3\.org\/[^"]+"/, 'schemaLocation="xmldsig-core-schema.xsd"'),
    )
    writeFileSync(join(dir, 'xmldsig-core-schema.xsd'), XMLDSIG_XSD)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.skipIf(xmllint === '')('validates, and a broken copy does not', async () => {
    const h = await harness()
    const t = await h.tenant()
    const r = await h.call('POST', '/fatturapa/genera', { key: t.key, token: await h.token(t.id, 'operator'), body: SEED_INVOICE })
    expect(r.status).toBe(200)
    const xml = Buffer.from(String(r.json['xml_base64']), 'base64').toString('utf8')
    const file = join(dir, String(r.json['file_name']))
    writeFileSync(file, xml)
    const ok = spawnSync(xmllint, ['--noout', '--nonet', '--schema', join(dir, 'fatturapa.xsd'), file], { encoding: 'utf8' })
    expect(ok.stderr).toContain('validates')
    expect(ok.status).toBe(0)
    writeFileSync(file, xml.replace('<Imposta>33.00</Imposta>', '<Imposta>33</Imposta>'))
    const bad = spawnSync(xmllint, ['--noout', '--nonet', '--schema', join(dir, 'fatturapa.xsd'), file], { encoding: 'utf8' })
    expect(bad.status).not.toBe(0)
  })
})

describe('POST /fatturapa/* body limit', () => {
  it('answers 413 in the Agile envelope for a body over 8 MB, and writes nothing', async () => {
    const h = await harness()
    const t = await h.tenant()
    const r = await h.call('POST', '/fatturapa/valida', {
      key: t.key,
      token: await h.token(t.id, 'viewer'),
      raw: JSON.stringify({ xml_base64: 'A'.repeat(9 * 1024 * 1024) }),
    })
    expect(r.status).toBe(413)
    expect(r.json).toMatchObject({ success: false, code: 'payload_too_large' })
  })
})
