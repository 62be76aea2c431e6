/**
 * Reads PDFs back with real, independent tools (Debian packages installed by
 * scripts/ensure-test-tools.sh): poppler's `pdftotext`, `pdfinfo`, `pdffonts` and `pdftoppm`, zbar's
 * `zbarimg` for QR codes and libdmtx's `dmtxread` for data matrices (zbar has no Data Matrix decoder).
 * Tests skip without them, and fail instead under CI.
 * @module
 */

import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const TOOLS = ['pdftotext', 'pdfinfo', 'pdffonts', 'pdftoppm', 'zbarimg', 'dmtxread'] as const

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0

/** The tools that are not installed. */
export const missingTools: readonly string[] = TOOLS.filter((t) => !has(t))

/** True when the PDF tests must skip: a tool is missing and this is not CI (where they fail instead). */
export const skipPdfTools = missingTools.length > 0 && !process.env['CI']
if (skipPdfTools) {
  console.warn(`PDF checks skipped: ${missingTools.join(', ')} missing (run: bash scripts/ensure-test-tools.sh as root)`)
}

function withFile<T>(bytes: Uint8Array, use: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'varco-pdf-'))
  try {
    const file = join(dir, 'doc.pdf')
    writeFileSync(file, bytes)
    return use(file, dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

/** The text of the PDF as `pdftotext` extracts it (reading order, UTF-8). */
export function pdfText(bytes: Uint8Array): string {
  return withFile(bytes, (file) => run('pdftotext', ['-enc', 'UTF-8', file, '-']))
}

/** `pdfinfo` as key → value (Title, Pages, Page size, …). */
export function pdfInfo(bytes: Uint8Array): Record<string, string> {
  const out = withFile(bytes, (file) => run('pdfinfo', ['-enc', 'UTF-8', file]))
  return Object.fromEntries(
    out
      .split('\n')
      .map((l) => /^([^:]+):\s*(.*)$/.exec(l))
      .filter((m) => m !== null)
      .map((m) => [m[1] as string, m[2] as string]),
  )
}

/** The fonts `pdffonts` lists (fixed-width columns, measured on its dashes line). */
export function pdfFonts(bytes: Uint8Array): Array<{ name: string; type: string; encoding: string; embedded: boolean }> {
  const [, dashes = '', ...rows] = withFile(bytes, (file) => run('pdffonts', [file])).split('\n')
  const cols: Array<[number, number]> = []
  for (const m of dashes.matchAll(/-+/g)) cols.push([m.index, m.index + m[0].length])
  const cell = (row: string, i: number) => row.slice(...(cols[i] ?? [0, 0])).trim()
  return rows
    .filter((r) => r.trim().length > 0)
    .map((r) => ({ name: cell(r, 0), type: cell(r, 1), encoding: cell(r, 2), embedded: cell(r, 3) === 'yes' }))
}

function rasterise<T>(bytes: Uint8Array, dpi: number, use: (png: string) => T): T {
  return withFile(bytes, (file, dir) => {
    run('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'page')])
    return use(join(dir, 'page.png'))
  })
}

/** Page 1 rasterised at `dpi` by `pdftoppm`, then every QR code on it as `zbarimg` decodes it. */
export function decodeQr(bytes: Uint8Array, dpi = 200): string[] {
  return rasterise(bytes, dpi, (png) => {
    // Exit 4 means no symbol. Only QR is enabled, so the data matrix cannot read as a 1D false positive.
    const zbar = spawnSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', png], { encoding: 'utf8' })
    return zbar.stdout.split('\n').filter((l) => l.length > 0)
  })
}

/**
 * Page 1 rasterised at `dpi`, then the first data matrix `dmtxread` finds, or none. dmtxread searches
 * until its time limit when there is no symbol, hence the short default (a present one takes ~0.1 s).
 */
export function decodeDataMatrix(bytes: Uint8Array, dpi = 300, timeoutMs = 3000): string[] {
  return rasterise(bytes, dpi, (png) => {
    const dmtx = spawnSync('dmtxread', ['-N', '1', '-m', String(timeoutMs), png], { encoding: 'utf8' })
    return dmtx.stdout.length > 0 ? [dmtx.stdout.replace(/\n$/, '')] : []
  })
}

/** Page 1 as a PNG file written to `path` (for looking at it). */
export function renderPng(bytes: Uint8Array, path: string, dpi = 100): void {
  withFile(bytes, (file) =>
    run('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, path.replace(/\.png$/, '')]),
  )
}
