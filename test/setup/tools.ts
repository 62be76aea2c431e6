/**
 * Tool-dependent tests (xmllint, gpg, pdftoppm, …): where the tool is missing, they are skipped with a
 * warning on a developer's machine, and FAIL under CI, where scripts/ensure-test-tools.sh must have
 * installed it. Call at the top level of a test file, inside the describe that needs the tool.
 * @module
 */

import { spawnSync } from 'node:child_process'
import { expect, it } from 'vitest'

/** The tool's path, or '' when it is missing (then, under CI, a failing test says so). */
export function requireTool(name: string, debianPackage: string): string {
  const path = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim()
  if (path !== '') return path
  const hint = `${name} is missing: run bash scripts/ensure-test-tools.sh (as root; it installs ${debianPackage})`
  if (process.env['CI']) {
    it(`needs ${name}`, () => {
      expect.fail(hint)
    })
  } else {
    console.warn(`skipped: ${hint}`)
  }
  return ''
}
