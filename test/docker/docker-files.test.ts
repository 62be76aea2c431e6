/**
 * The Dockerfile and the compose files, checked by parsing them: docker is not available where the
 * tests run, so nothing here builds or starts a container.
 * @module
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { EnvSchema } from '../../edge/env.ts'

/** The TypeScript the server runs (edge/node.ts and everything it imports). */
const RUNTIME_DIRS = ['core', 'ports', 'adapters', 'openapi', 'sandbox', 'edge']

type Instruction = { readonly stage: number; readonly op: string; readonly args: string }

/** Dockerfile instructions (continuations joined, comments dropped), each with the index of its stage. */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = []
  let stage = -1
  const joined = text.replace(/\\\n/g, ' ').split('\n')
  for (const raw of joined) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const [op = '', ...rest] = line.split(/\s+/)
    if (op.toUpperCase() === 'FROM') stage++
    out.push({ stage, op: op.toUpperCase(), args: rest.join(' ') })
  }
  return out
}

const dockerfile = instructions(readFileSync('Dockerfile', 'utf8'))
const final = dockerfile.filter((i) => i.stage === Math.max(...dockerfile.map((d) => d.stage)))
const one = (op: string) => final.filter((i) => i.op === op)

type Service = { image?: string; build?: unknown; environment?: Record<string, string>; depends_on?: string[]; ports?: string[] }
const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, Service> }
const dev = parse(readFileSync('docker-compose.dev.yml', 'utf8')) as { services: Record<string, Service> }

describe('Dockerfile', () => {
  it('is multi-stage on the official Node 22 image, with runtime dependencies only', () => {
    const froms = dockerfile.filter((i) => i.op === 'FROM')
    expect(froms.length).toBeGreaterThanOrEqual(2)
    const arg = dockerfile.find((i) => i.op === 'ARG' && i.args.startsWith('NODE_IMAGE='))
    expect(arg?.args).toMatch(/^NODE_IMAGE=node:22[-.\w]*$/)
    const install = dockerfile.find((i) => i.op === 'RUN' && i.args.includes('npm ci'))
    expect(install?.args).toContain('--omit=dev')
    // What `npm start` runs must not need a dev dependency: no runtime source imports one.
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>
      devDependencies: Record<string, string>
    }
    expect(pkg.scripts['start']).toBe('node edge/node.ts')
    const devDeps = Object.keys(pkg.devDependencies)
    for (const file of RUNTIME_DIRS.flatMap((d) => readdirSync(d, { recursive: true, encoding: 'utf8' }).map((f) => join(d, f)))) {
      if (!file.endsWith('.ts')) continue
      const specifiers = [...readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'([^'.][^']*)'/g)].map((m) => m[1] ?? '')
      for (const spec of specifiers) {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? '')
        expect(devDeps, `${file} imports ${spec}`).not.toContain(name)
      }
    }
    expect(one('CMD')[0]?.args).toBe('["node", "edge/node.ts"]')
  })

  it('copies every source folder the server imports, and nothing of the tests', () => {
    const copied = one('COPY').map((i) => i.args.split(/\s+/).at(-2))
    for (const dir of [...RUNTIME_DIRS, 'bin', 'public']) {
      expect(copied, dir).toContain(dir)
      expect(existsSync(dir), dir).toBe(true)
    }
    expect(copied).not.toContain('test')
    expect(readFileSync('.dockerignore', 'utf8').split('\n')).toEqual(expect.arrayContaining(['node_modules', '.env', 'test']))
  })

  it('runs as a non-root user, exposes the port, and health-checks /status', () => {
    const user = one('USER')
    expect(user).toHaveLength(1)
    expect(user[0]?.args).not.toMatch(/^(root|0)(:|$)/)
    // USER comes after every RUN of the final stage: nothing runs as root at run time.
    expect(final.findIndex((i) => i.op === 'USER')).toBeGreaterThan(final.findLastIndex((i) => i.op === 'RUN'))
    expect(one('EXPOSE')[0]?.args).toBe('8787')
    const env = one('ENV')[0]?.args ?? ''
    expect(env).toMatch(/PORT=8787/)
    expect(env).toMatch(/HOST=0\.0\.0\.0/)
    const health = one('HEALTHCHECK')
    expect(health).toHaveLength(1)
    expect(health[0]?.args).toMatch(/--interval=\d+s/)
    expect(health[0]?.args).toContain('/status')
    expect(one('STOPSIGNAL')[0]?.args).toBe('SIGTERM')
  })
})

describe('docker-compose.yml', () => {
  it('runs the gateway and sqld, with no build key (images only)', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['gateway', 'sqld'])
    expect(compose.services['sqld']?.image).toMatch(/^ghcr\.io\/tursodatabase\/libsql-server:/)
    for (const s of Object.values(compose.services)) expect(s.build).toBeUndefined()
    expect(compose.services['gateway']?.depends_on).toContain('sqld')
    expect(compose.services['gateway']?.ports).toContain('8787:8787')
  })

  it('points VARCO_DB_URL at sqld and passes only variables the gateway knows', () => {
    const env = compose.services['gateway']?.environment ?? {}
    expect(env['VARCO_DB_URL']).toBe('http://sqld:8080')
    expect(compose.services['sqld']?.environment?.['SQLD_HTTP_LISTEN_ADDR']).toBe('0.0.0.0:8080')
    expect(env['JWT_SECRET']).toMatch(/^\$\{JWT_SECRET:\?/)
    const known = Object.keys(EnvSchema.shape)
    for (const name of Object.keys(env)) expect(known, name).toContain(name)
  })

  it('has a development override that builds the image and turns the sandbox on', () => {
    expect(dev.services['gateway']?.build).toBe('.')
    expect(dev.services['gateway']?.environment).toMatchObject({ VARCO_ENV: 'development', VARCO_SANDBOX: 'true' })
  })
})
