/**
 * Test helper for the RTD interop tests: opens ADE `.pgp` chunks with the REAL GnuPG (a temp GNUPGHOME holding the
 * test-only cv25519 secret key, or any key made there) and returns each chunk's checksum line and rows; plus the
 * sha256 of a file as the `sha256sum` command prints it, so the checksum line is compared with the tool, not with
 * our own hasher.
 * @module
 */

import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Gpg } from '../adapters/pgp/gpg.ts'

export const TEST_ONLY_SECRET = readFileSync(join(process.cwd(), 'test/fixtures/pgp/cv25519-test-only.sec.asc'), 'utf8')
export const TEST_ONLY_PUBLIC = readFileSync(join(process.cwd(), 'test/fixtures/pgp/cv25519-test-only.pub.asc'), 'utf8')

/** `sha256sum <file>`'s hash (the coreutils tool; falls back to `shasum -a 256` where it is missing). */
export function sha256sumOf(file: string): string {
  const r = spawnSync('sh', ['-c', 'if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi', 'sh', file], {
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`sha256sum failed: ${r.stderr}`)
  return r.stdout.split(/\s/)[0] ?? ''
}

export type OpenedChunk = { readonly name: string; readonly head: string; readonly rows: string[]; readonly gpgSays: string }

/** `gpg --decrypt` of each `<dir>/<name>`; the clear text is split into its first line and the other non-empty lines. */
export async function gpgOpenChunks(gpg: Gpg, dir: string, names: readonly string[]): Promise<OpenedChunk[]> {
  const out: OpenedChunk[] = []
  for (const name of names) {
    const clear = join(gpg.home, `${name}.clear`)
    const gpgSays = await gpg.decryptFile(join(dir, name), clear)
    const text = readFileSync(clear, 'utf8')
    if (!text.endsWith('\n')) throw new Error(`${name}: the clear chunk does not end with a newline`)
    const [head = '', ...rows] = text.slice(0, -1).split('\n')
    out.push({ name, head, rows, gpgSays })
  }
  return out
}
