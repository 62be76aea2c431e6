/**
 * The Worker as Cloudflare receives it, for the Workers benches and the bundle-size test: `npm run build`
 * (wrangler deploy --dry-run) into a directory, the modules wrangler uploads (worker.js and the .wasm
 * files; the source map goes up apart and does not count), their gzipped sizes as wrangler reports
 * them, and a Miniflare instance running exactly those modules in workerd.
 * @module
 */

import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Miniflare } from 'miniflare'

export const ROOT = process.cwd()
const BIN = join(ROOT, 'node_modules', '.bin')
/** Cloudflare's limit is on the whole upload, gzipped: every module, lazy ones included (issue 15: 1.5 MiB). */
export const BUNDLE_LIMIT_KIB = 1536

export type BuiltModule = { readonly name: string; readonly bytes: number; readonly gzipBytes: number }
export type BuiltWorker = {
  readonly dir: string
  readonly modules: readonly BuiltModule[]
  /** Sum of the modules' gzipped sizes (each module compressed on its own, as wrangler counts them). */
  readonly gzipKiB: number
  /** wrangler's own "Total Upload: … / gzip: … KiB" figure. */
  readonly wranglerGzipKiB: number
  /** esbuild's metafile of worker.js (`inputs` with their `imports`, `outputs` with bytes per input). */
  readonly metafile: string
}

export const workerEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  // node_modules/.bin first: wrangler's shebang must find Node 22, not the system node.
  PATH: `${BIN}${delimiter}${process.env['PATH'] ?? ''}`,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
})

/** `npm run build` into `dir`, with esbuild's metafile. */
export function buildWorker(dir: string): BuiltWorker {
  const metafile = join(dir, 'meta.json')
  const out = execFileSync(join(BIN, 'wrangler'), ['deploy', '--dry-run', '--outdir', dir, '--metafile', metafile], {
    cwd: ROOT,
    env: workerEnv(),
    encoding: 'utf8',
    stdio: 'pipe',
    timeout: 180_000,
  })
  const total = /Total Upload: [\d.]+ KiB \/ gzip: ([\d.]+) KiB/.exec(out)
  if (!total) throw new Error(`wrangler printed no upload size:\n${out}`)
  const modules = readdirSync(dir)
    .filter((f) => f.endsWith('.js') || f.endsWith('.wasm'))
    .map((name) => {
      const bytes = readFileSync(join(dir, name))
      return { name, bytes: bytes.length, gzipBytes: gzipSync(bytes).length }
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes)
  const gzipKiB = modules.reduce((s, m) => s + m.gzipBytes, 0) / 1024
  return { dir, modules, gzipKiB, wranglerGzipKiB: Number(total[1]), metafile }
}

export type WorkerOptions = {
  /** Plain-text vars and secrets, as `[vars]` and `wrangler secret put` give them. */
  readonly bindings: Readonly<Record<string, string>>
  /** wrangler.toml's [[queues.consumers]] (name → settings) and producers (binding → queue). */
  readonly queueConsumers?: Readonly<Record<string, { maxBatchSize?: number; maxBatchTimeout?: number; maxRetries?: number }>>
  readonly queueProducers?: Readonly<Record<string, string>>
}

/** A fresh workerd (a new isolate) running the built modules; its first request is a cold start. */
export async function miniflareFor(built: BuiltWorker, options: WorkerOptions): Promise<Miniflare> {
  const { Miniflare, convertV4MiniflareOptions } = await import('miniflare')
  const modules = built.modules.map((m) => ({
    type: m.name.endsWith('.wasm') ? ('CompiledWasm' as const) : ('ESModule' as const),
    path: join(built.dir, m.name),
    contents: new Uint8Array(readFileSync(join(built.dir, m.name))),
  }))
  const main = modules.findIndex((m) => m.path.endsWith('worker.js'))
  modules.unshift(...modules.splice(main, 1))
  const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')
  const date = /^compatibility_date = "([^"]+)"/m.exec(toml)?.[1] ?? '2026-10-01'
  return new Miniflare(
    convertV4MiniflareOptions({
      name: 'varco',
      modules,
      modulesRoot: built.dir,
      compatibilityDate: date,
      compatibilityFlags: ['nodejs_compat'],
      bindings: { ...options.bindings },
      ...(options.queueConsumers ? { queueConsumers: { ...options.queueConsumers } } : {}),
      ...(options.queueProducers ? { queueProducers: { ...options.queueProducers } } : {}),
    } as never),
  )
}

type Metafile = {
  readonly inputs: Record<
    string,
    { readonly imports: ReadonlyArray<{ readonly path: string; readonly kind: string; readonly external?: boolean }> }
  >
  readonly outputs: Record<string, { readonly entryPoint?: string; readonly inputs: Record<string, { readonly bytesInOutput: number }> }>
}

/** The package (node_modules) or top-level folder an input belongs to: `stripe`, `@sentry/core`, `core`. */
export const packageOf = (input: string): string => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/')[0] ?? input

/** The inputs of worker.js and those of them the isolate evaluates at startup (static imports from the entry). */
export function startupInputs(built: Pick<BuiltWorker, 'metafile'>) {
  const meta = JSON.parse(readFileSync(built.metafile, 'utf8')) as Metafile
  const out = Object.entries(meta.outputs).find(([k]) => k.endsWith('worker.js'))?.[1]
  if (!out?.entryPoint) throw new Error('the metafile has no worker.js entry point')
  const startup = new Set<string>()
  const stack = [out.entryPoint]
  while (stack.length > 0) {
    const at = stack.pop() as string
    if (startup.has(at)) continue
    startup.add(at)
    for (const i of meta.inputs[at]?.imports ?? []) if (!i.external && i.kind !== 'dynamic-import') stack.push(i.path)
  }
  return { out, startup }
}

export type PackageShare = { readonly name: string; readonly startupBytes: number; readonly lazyBytes: number }

/**
 * What worker.js holds, by package, split into what the isolate evaluates at startup (reached from the
 * entry through static imports) and what only a dynamic import() reaches (esbuild wraps it, and it is
 * evaluated on first use). Bytes are the (minified) bytes each package contributes to worker.js.
 */
export function bundleShares(built: Pick<BuiltWorker, 'metafile'>): PackageShare[] {
  const { out, startup } = startupInputs(built)
  const shares = new Map<string, { startupBytes: number; lazyBytes: number }>()
  for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
    const s = shares.get(packageOf(input)) ?? { startupBytes: 0, lazyBytes: 0 }
    if (startup.has(input)) s.startupBytes += bytesInOutput
    else s.lazyBytes += bytesInOutput
    shares.set(packageOf(input), s)
  }
  return [...shares].map(([name, s]) => ({ name, ...s })).sort((a, b) => b.startupBytes + b.lazyBytes - (a.startupBytes + a.lazyBytes))
}
