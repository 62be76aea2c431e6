/**
 * Environment for the local runtimes (Node, Deno, CLI): defaults that make `npm start` work with no
 * configuration. With neither JWT_SECRET nor JWT_JWKS_URL set, a development secret is generated
 * once in the data directory (mode 0600) and shared by the server and the CLI.
 * @module
 */

import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

export const DEFAULT_DB_URL = 'file:./data/varco.db'

export type LocalEnv = { readonly env: Record<string, string>; readonly devMode: boolean; readonly dataDir: string }

/** Directory of a `file:` database URL, else VARCO_DATA_DIR or ./data. */
export function dataDirOf(env: Readonly<Record<string, string | undefined>>): string {
  if (env['VARCO_DATA_DIR']) return resolve(env['VARCO_DATA_DIR'])
  const url = env['VARCO_DB_URL'] ?? DEFAULT_DB_URL
  if (url.startsWith('file:') && url !== 'file::memory:') return dirname(resolve(url.slice('file:'.length)))
  return resolve('data')
}

export function loadLocalEnv(processEnv: Readonly<Record<string, string | undefined>>): LocalEnv {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) env[k] = v
  env['VARCO_DB_URL'] ??= DEFAULT_DB_URL
  const port = env['PORT'] ?? '8787'
  env['VARCO_PUBLIC_URL'] ??= `http://127.0.0.1:${port}`
  const dataDir = dataDirOf(env)
  mkdirSync(dataDir, { recursive: true })
  const devMode = !env['JWT_SECRET'] && !env['JWT_JWKS_URL']
  if (devMode) {
    env['JWT_SECRET'] = devSecret(dataDir)
    env['VARCO_ENV'] ??= 'development'
  }
  return { env, devMode, dataDir }
}

/** The development JWT secret of this data directory, created on first use. */
export function devSecret(dataDir: string): string {
  const file = join(dataDir, 'dev-jwt-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  const secret = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' })
  chmodSync(file, 0o600)
  return secret
}
