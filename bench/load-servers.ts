/**
 * The servers bench:load drives, started as their users start them on loopback: the Node gateway
 * (`npm start`: embedded libSQL file, sandbox on, access log to /dev/null) and `npm run dev:worker`
 * (wrangler dev, workerd, its own sqld). Each leads its own process group, stopped as a whole; the
 * resident memory of the group's processes is read from /proc/<pid>/status (VmRSS).
 * @module
 */

import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../test/setup/sqld.ts'
import { NODE, waitFor } from './server.ts'

export const LOAD_JWT_SECRET = 'bench-load-secret-0123456789-abcdefghij'

export type LoadServer = {
  readonly runtime: 'node' | 'wrangler-dev'
  readonly url: string
  readonly dbUrl: string
  /** `varco <args>` against the server's database (tenant create). */
  readonly cli: (...args: string[]) => string
  /** VmRSS in MiB of the group's processes, by command name (node; workerd, sqld, wrangler's node). */
  readonly rss: () => Record<string, number>
  readonly stop: () => Promise<void>
}

/** VmRSS (MiB) and command name of every process whose process group is `pgid`. */
export function groupRss(pgid: number): Record<string, number> {
  const out: Record<string, number> = {}
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const close = stat.lastIndexOf(')')
      const name = stat.slice(stat.indexOf('(') + 1, close)
      const group = Number(stat.slice(close + 2).split(' ')[2])
      if (group !== pgid) continue
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
      out[name] = (out[name] ?? 0) + Math.round(kb / 1024)
    } catch {}
  }
  return out
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve()
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const kill = (s: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), s)
    } catch {}
  }
  kill('SIGTERM')
  const t = setTimeout(() => kill('SIGKILL'), 8000)
  return exited.finally(() => {
    clearTimeout(t)
    kill('SIGKILL')
  })
}

/** Starts `runtime` with `env` over the defaults (sandbox on, cron off, a fresh data dir). */
export async function startLoadServer(runtime: LoadServer['runtime'], env: Record<string, string> = {}): Promise<LoadServer> {
  const dir = mkdtempSync(join(tmpdir(), `varco-load-${runtime}-`))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const base: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? dir,
    PORT: String(port),
    HOST: '127.0.0.1',
    VARCO_ENV: 'development',
    VARCO_SANDBOX: 'true',
    VARCO_CRON: 'false',
    VARCO_PUBLIC_URL: url,
    JWT_SECRET: LOAD_JWT_SECRET,
    VARCO_DATA_DIR: dir,
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    ...env,
  }
  let dbUrl: string
  let child: ChildProcess
  if (runtime === 'node') {
    dbUrl = `file:${join(dir, 'varco.db')}`
    child = spawn(NODE, ['edge/node.ts'], { env: { ...base, VARCO_DB_URL: dbUrl }, stdio: 'ignore', detached: true })
  } else {
    const sqldPort = await freePort()
    dbUrl = `http://127.0.0.1:${sqldPort}`
    // BENCH_LOAD_LOG=<file>: wrangler's output (the Worker's log lines) goes there instead of /dev/null.
    const log = process.env['BENCH_LOAD_LOG'] ? openSync(process.env['BENCH_LOAD_LOG'], 'w') : 'ignore'
    child = spawn(NODE, ['scripts/dev-worker.mjs'], {
      env: { ...base, SQLD_PORT: String(sqldPort), WRANGLER_LOG_PATH: join(dir, 'wrangler-logs') },
      stdio: ['ignore', log, log],
      detached: true,
    })
  }
  try {
    await waitFor(`${url}/status`, child, runtime === 'node' ? 20_000 : 90_000)
  } catch (e) {
    await stopGroup(child)
    throw e
  }
  const cli = (...args: string[]) =>
    execFileSync(NODE, ['bin/varco.mjs', ...args], {
      env: { PATH: base['PATH'], VARCO_DB_URL: dbUrl, JWT_SECRET: LOAD_JWT_SECRET, LOG_LEVEL: 'warn', VARCO_ENV: 'development' },
      encoding: 'utf8',
    }).trim()
  return {
    runtime,
    url,
    dbUrl,
    cli,
    rss: () => groupRss(child.pid as number),
    stop: async () => {
      await stopGroup(child)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
