/**
 * Crash safety of group commit: a real Node process writes through it (group-commit-writer.ts) and
 * is killed with SIGKILL while writes are in flight, three times over the same database file.
 * After each kill the file is reopened: every write the child acknowledged is there whole, every
 * refused one left nothing, and no order is half-written (an order without both of its lines).
 * @module
 */

import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openEmbeddedDb } from '../../../adapters/libsql/embedded.ts'
import { NODE_BIN, ROOT } from '../../e2e/helpers.ts'

const WRITER = join(ROOT, 'test', 'adapters', 'libsql', 'group-commit-writer.ts')
const dir = mkdtempSync(join(tmpdir(), 'varco-group-crash-'))
const file = join(dir, 'crash.db')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the writer until it has acknowledged `atLeast` writes, then SIGKILLs it mid-stream. */
function runAndKill(round: number, atLeast: number): Promise<{ acked: string[]; refused: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE_BIN, [WRITER, file, String(round)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    const acked: string[] = []
    const refused: string[] = []
    let buf = ''
    let err = ''
    child.stderr.on('data', (d) => (err += String(d)))
    child.stdout.on('data', (d) => {
      buf += String(d)
      const lines = buf.split('\n')
      buf = lines.pop() ?? ''
      for (const line of lines) {
        const [what, id] = line.split(' ')
        if (what === 'ack' && id) acked.push(id)
        if (what === 'refused' && id) refused.push(id)
      }
      if (acked.length >= atLeast && child.exitCode === null && !child.killed) child.kill('SIGKILL')
    })
    child.once('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ acked, refused })
      else reject(new Error(`writer exited ${code}: ${err}`))
    })
  })
}

describe('group commit survives SIGKILL mid-batch', () => {
  it('keeps every acknowledged write whole and nothing half-written, over three kills', async () => {
    const allAcked: string[] = []
    const allRefused: string[] = []
    for (const [round, atLeast] of [
      [1, 150],
      [2, 300],
      [3, 450],
    ] as const) {
      const { acked, refused } = await runAndKill(round, atLeast)
      expect(acked.length).toBeGreaterThanOrEqual(atLeast)
      allAcked.push(...acked)
      allRefused.push(...refused)

      const db = openEmbeddedDb(`file:${file}`)
      try {
        const orders = new Set((await db.execute('SELECT id FROM orders')).rows.map((r) => String(r['id'])))
        const lost = allAcked.filter((id) => !orders.has(id))
        expect(lost).toEqual([])
        expect(allRefused.filter((id) => orders.has(id))).toEqual([])
        const halfWritten = await db.execute(
          `SELECT o.id FROM orders o LEFT JOIN lines l ON l.order_id = o.id GROUP BY o.id HAVING COUNT(l.n) <> 2
           UNION SELECT l.order_id FROM lines l LEFT JOIN orders o ON o.id = l.order_id WHERE o.id IS NULL`,
        )
        expect(halfWritten.rows).toEqual([])
        const integrity = await db.first('PRAGMA integrity_check')
        expect(integrity?.['integrity_check']).toBe('ok')
      } finally {
        db.close()
      }
    }
    expect(allRefused.length).toBeGreaterThan(0)
  }, 60_000)
})
