/**
 * End-to-end helpers: start the gateway the way its users run it, as a child process on a free loopback
 * port, wait for GET /status, and stop it again without leaving orphans (the child leads its own process
 * group, which is killed as a whole). Runtimes:
 * - `node`, `deno`: the local entries (edge/node.ts, edge/deno.ts) with a throwaway libSQL file;
 * - `wrangler-dev`: `npm run dev:worker` (scripts/dev-worker.mjs: wrangler dev, real workerd, its own sqld);
 * - `bundle`: the output of `npm run build` (wrangler deploy --dry-run), served unbundled by wrangler dev
 *   against a sqld started here: the exact JavaScript a deployment uploads.
 * @module
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { parse, stringify } from 'smol-toml'
import { describe, expect, it } from 'vitest'
import { freePort, onFreePort, startSqld } from '../setup/sqld.ts'

export type Runtime = 'node' | 'deno' | 'wrangler-dev' | 'bundle'

export type StartOptions = {
  readonly runtime: Runtime
  /** Extra environment for the server; it wins over the defaults (PORT/HOST/VARCO_DB_URL are set here). */
  readonly env?: Readonly<Record<string, string>>
  /** How long to wait for GET /status to answer 200 (default 20 s; 60 s for the Workers runtimes). */
  readonly timeoutMs?: number
}

export type RunningServer = {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:41234 */
  readonly url: string
  /** The server's temporary data directory (database and dev JWT secret). */
  readonly dataDir: string
  /** The database URL the server uses (a `file:` URL, or the sqld of the Workers runtimes): the CLI's VARCO_DB_URL. */
  readonly dbUrl: string
  /** Everything the child printed so far (stdout and stderr interleaved, last 64 KiB). */
  output(): string
  /** SIGTERM to the process group, SIGKILL after 5 s; resolves when the child has exited. Idempotent. */
  stop(): Promise<void>
  /** SIGKILL to the process group, no drain (a crash); resolves when the child has exited. Call stop() after, to clean up. */
  kill(): Promise<void>
}

export const ROOT = process.cwd()
const BIN = join(ROOT, 'node_modules', '.bin')
export const NODE_BIN = join(BIN, 'node')
export const DENO_BIN = join(BIN, 'deno')
/** Same permissions as `npm run start:deno`. */
export const DENO_FLAGS = ['--allow-net', '--allow-env', '--allow-read', '--allow-write', '--allow-ffi', '--allow-sys']
/** Deno's module/transpile cache: kept between runs (it is only a cache), never in the user's ~/.cache. */
export const DENO_DIR = join(ROOT, 'node_modules', '.cache', 'varco-deno-dir')

/**
 * Runs a script under `deno run` with the given permissions and returns the last line it printed,
 * parsed as JSON (the script's report); a non-zero exit fails the test with Deno's stderr.
 */
export function runDenoScript<Report>(script: string, permissions: readonly string[] = []): Report {
  mkdirSync(DENO_DIR, { recursive: true })
  const r = spawnSync(DENO_BIN, ['run', ...permissions, script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DENO_DIR, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    timeout: 60_000,
  })
  expect(r.status, r.stderr).toBe(0)
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as Report
}

const OUTPUT_LIMIT = 64 * 1024

/** Children still running, killed if the test process exits without stopping them. */
const live = new Set<ChildProcess>()
let exitHookInstalled = false
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    try {
      child.kill(signal)
    } catch {}
  }
}
function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.once('exit', () => {
    for (const child of live) killGroup(child, 'SIGKILL')
  })
}

/** The environment of the child: the caller's, minus anything that would configure varco, plus test defaults. */
function childEnv(port: number, dbFile: string, extra: Readonly<Record<string, string>> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(VARCO_|JWT_|STRIPE_|DENO_)/.test(k) || k === 'PORT' || k === 'HOST' || k === 'LOG_LEVEL') continue
    env[k] = v
  }
  return {
    ...env,
    PATH: `${BIN}:${process.env['PATH'] ?? ''}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    VARCO_DB_URL: `file:${dbFile}`,
    VARCO_CRON: 'false',
    LOG_LEVEL: 'warn',
    NO_COLOR: '1',
    DENO_NO_UPDATE_CHECK: '1',
    DENO_NO_PROMPT: '1',
    DENO_DIR,
    ...extra,
  }
}

/** The command that serves `runtime`, and what else has to be stopped with it. */
async function command(
  runtime: Runtime,
  port: number,
  dataDir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ cmd: string; args: string[]; dbUrl: string; cleanup: () => Promise<void> }> {
  const none = async () => {}
  switch (runtime) {
    case 'node':
      return { cmd: NODE_BIN, args: ['edge/node.ts'], dbUrl: env['VARCO_DB_URL'] as string, cleanup: none }
    case 'deno':
      mkdirSync(DENO_DIR, { recursive: true })
      return { cmd: DENO_BIN, args: ['run', ...DENO_FLAGS, 'edge/deno.ts'], dbUrl: env['VARCO_DB_URL'] as string, cleanup: none }
    case 'wrangler-dev': {
      // Exactly `npm run dev:worker`: the script starts its own sqld on SQLD_PORT.
      const sqldPort = await freePort()
      env['SQLD_PORT'] = String(sqldPort)
      // Its own devtools port: two wranglers at once (parallel test files) would both take 9229.
      env['WRANGLER_INSPECTOR_PORT'] = String(await freePort())
      env['VARCO_DATA_DIR'] = dataDir
      return { cmd: NODE_BIN, args: ['scripts/dev-worker.mjs'], dbUrl: `http://127.0.0.1:${sqldPort}`, cleanup: none }
    }
    case 'bundle': {
      const dist = join(dataDir, 'dist')
      const build = spawnSync(join(BIN, 'wrangler'), ['deploy', '--dry-run', '--outdir', dist], {
        cwd: ROOT,
        env,
        encoding: 'utf8',
        timeout: 120_000,
      })
      if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`)
      const config = join(dataDir, 'wrangler.bundle.toml')
      writeFileSync(config, bundleConfig(join(dist, 'worker.js')))
      const sqld = await startSqld()
      const vars = {
        VARCO_ENV: 'development',
        VARCO_DB_URL: sqld.url,
        VARCO_PUBLIC_URL: `http://127.0.0.1:${port}`,
        VARCO_SANDBOX: 'true',
        VARCO_SANDBOX_SDI_DELIVERY_MS: env['VARCO_SANDBOX_SDI_DELIVERY_MS'] ?? '',
        VARCO_AUTH_FAIL_LIMIT: env['VARCO_AUTH_FAIL_LIMIT'] ?? '',
      }
      const args = [
        'dev',
        '-c',
        config,
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--test-scheduled',
        '--inspector-port',
        String(await freePort()),
        '--persist-to',
        join(dataDir, 'state'),
      ]
      for (const [k, v] of Object.entries({ ...vars, JWT_SECRET: env['JWT_SECRET'] ?? '' })) if (v) args.push('--var', `${k}:${v}`)
      return { cmd: join(BIN, 'wrangler'), args, dbUrl: sqld.url, cleanup: sqld.stop }
    }
  }
}

/**
 * wrangler.toml pointed at the built bundle: the same compatibility settings, bindings and crons, with
 * `no_bundle` so that workerd runs the built (minified) file as it is, and its .wasm modules as compiled wasm.
 */
function bundleConfig(main: string): string {
  const base = parse(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')) as Record<string, unknown>
  const assets = base['assets'] as Record<string, unknown> | undefined
  return stringify({
    ...base,
    name: 'varco-bundle',
    main,
    no_bundle: true,
    minify: false, // the build already minified it (wrangler.toml); wrangler warns on minify with no_bundle
    rules: [{ type: 'CompiledWasm', globs: ['**/*.wasm'], fallthrough: true }],
    ...(assets ? { assets: { ...assets, directory: join(ROOT, String(assets['directory'])) } } : {}),
  })
}

/** Starts the server, on another port if the one it was given was taken before it bound it (onFreePort). */
export function startServer(options: StartOptions): Promise<RunningServer> {
  return onFreePort(() => startServerOnce(options))
}

async function startServerOnce(options: StartOptions): Promise<RunningServer> {
  const { runtime } = options
  const workers = runtime === 'wrangler-dev' || runtime === 'bundle'
  const timeoutMs = options.timeoutMs ?? (workers ? 60_000 : 20_000)
  const dataDir = mkdtempSync(join(tmpdir(), `varco-e2e-${runtime}-`))
  const port = await freePort()
  const env = childEnv(port, join(dataDir, 'varco.db'), options.env)
  if (workers) {
    env['WRANGLER_SEND_METRICS'] = 'false'
    env['CLOUDFLARE_CF_FETCH_ENABLED'] = 'false'
    env['WRANGLER_LOG_PATH'] = join(dataDir, 'wrangler-logs')
  }
  const { cmd, args, dbUrl, cleanup } = await command(runtime, port, dataDir, env)
  if (!existsSync(cmd)) throw new Error(`${cmd} is missing: run npm ci`)

  const child = spawn(cmd, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  installExitHook()
  live.add(child)
  let output = ''
  const collect = (d: Buffer) => {
    output = (output + d.toString()).slice(-OUTPUT_LIMIT)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  let spawnError: Error | null = null
  child.once('error', (e) => {
    spawnError = e
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  exited.then(() => live.delete(child))

  let stopped: Promise<void> | null = null
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      killGroup(child, 'SIGTERM')
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
      // The entry may have left helpers in its group (it should not); make sure none survive.
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL')
        } catch {}
      }
      await cleanup()
      rmSync(dataDir, { recursive: true, force: true })
    })()
    return stopped
  }

  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + timeoutMs
  let last = 'no answer yet'
  for (;;) {
    const failure = spawnError
      ? `could not spawn ${cmd}: ${(spawnError as Error).message}`
      : child.exitCode !== null || child.signalCode !== null
        ? `${runtime} server exited (code ${child.exitCode}, signal ${child.signalCode}) before /status answered`
        : Date.now() > deadline
          ? `${runtime} server did not answer GET /status with 200 within ${timeoutMs} ms (last: ${last})`
          : null
    if (failure) {
      await stop()
      throw new Error(`${failure}\n--- last output ---\n${output.slice(-4000)}`)
    }
    try {
      const res = await fetch(`${url}/status`, { signal: AbortSignal.timeout(2_000) })
      if (res.status === 200) {
        await res.body?.cancel()
        break
      }
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`
    } catch (e) {
      last = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  const kill = async () => {
    killGroup(child, 'SIGKILL')
    await exited
  }
  return { url, dataDir, dbUrl, output: () => output, stop, kill }
}

/** Debian's chromium, installed by scripts/ensure-test-tools.sh. */
export const CHROMIUM = '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]
/** Hosts a page may talk to: the gateway under test, nothing outside the machine. */
export const LOCAL_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * Whether the browser tests can run. Without chromium they are skipped locally, with a warning,
 * and fail under CI (where scripts/ensure-test-tools.sh must have installed it).
 */
export function requireChromium(suite: string): boolean {
  const present = existsSync(CHROMIUM)
  if (!present && process.env['CI']) {
    describe(suite, () => {
      it('needs /usr/bin/chromium', () => {
        expect.fail(`${CHROMIUM} is missing: run bash scripts/ensure-test-tools.sh (as root) before the tests`)
      })
    })
  } else if (!present) {
    console.warn(`${suite} skipped: ${CHROMIUM} is missing (run: bash scripts/ensure-test-tools.sh)`)
  }
  return present
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 20_000 })
}
