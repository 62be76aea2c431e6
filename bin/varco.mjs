#!/usr/bin/env node
// The varco CLI. Its code is TypeScript run by Node 22's type stripping; on an older Node (the
// system one) it re-runs itself with the Node 22 that `npm ci` installs in node_modules/.bin.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 18)) {
  const node = fileURLToPath(new URL('../node_modules/.bin/node', import.meta.url))
  if (!existsSync(node)) {
    console.error(`varco needs Node >= 22.18 (this is ${process.versions.node}); run npm ci first.`)
    process.exit(1)
  }
  const r = spawnSync(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' })
  process.exit(r.status ?? 1)
}
await import('../edge/cli.ts')
