/**
 * The FatturaPA XSD check runs on Deno: test/e2e/deno-xsd.script.ts (the Node/Deno entry point,
 * adapters/fatturapa/xsd/node.ts, with the published libxml2-wasm) runs under `deno run` with read
 * permission only, and reports the same issues as in Node.
 */

import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createNodeXsdValidator } from '../../adapters/fatturapa/xsd/node.ts'
import { replaceOnce, SMALL_INVOICE } from '../fixtures/fatturapa/xsd/invoices.ts'
import { DENO_BIN, DENO_DIR, ROOT } from './helpers.ts'

describe('FatturaPA XSD validation on Deno', () => {
  it('validates with libxml2-wasm under deno run (read permission only) as Node does', async () => {
    mkdirSync(DENO_DIR, { recursive: true })
    const r = spawnSync(DENO_BIN, ['run', '--allow-read', 'test/e2e/deno-xsd.script.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DENO_DIR, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      timeout: 60_000,
    })
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}')
    expect(out.runtime).toMatch(/^deno \d/)
    expect(out.valid).toEqual([])
    const node = await createNodeXsdValidator()
    const invalid = replaceOnce(SMALL_INVOICE, '<TipoDocumento>TD01</TipoDocumento>', '<TipoDocumento>TD99</TipoDocumento>')
    expect(out.invalid).toEqual(await node.validate(invalid))
    expect(out.invalid.map((i: { code: string }) => i.code)).toEqual(['XSD-ENUMERATION'])
    expect(out.hostile.map((i: { code: string }) => i.code)).toEqual(['XML-DOCTYPE'])
    console.log(`deno: ${out.msPerValidation.toFixed(3)} ms per validation (small invoice, warm)`)
  }, 90_000)
})
