/**
 * `npx node bench/commit-pages.ts [G]`: what one group commit costs the event loop, by what its writes touch
 * (issue 15). The payments tables and indexes of the migrations, 2.2 KB documents, libsql at NORMAL (the
 * gateway's COMMIT: its fdatasync runs elsewhere), groups of G writes (default 9, as the bench's groups):
 * 3,000 creation-like writes (payment + event + inbound id, or payment + update + event), then 3,000
 * redirect-like writes (an older payment's update + its event), four ways: random v4 event ids or time-ordered
 * v7 ones, and the update setting the indexed `provider_ref` every time ("all") or only when it changed
 * ("changed", what adapters/libsql/payment-repo.ts does). Prints the mean COMMIT and the write's total per
 * entry (statements + its share of BEGIN/COMMIT), in µs. Not part of `npm run bench`.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'libsql'

type Engine = {
  exec(sql: string): void
  prepare(sql: string): { run(args: unknown[]): unknown }
  close(): void
}

const SCHEMA = `CREATE TABLE tenants (id TEXT PRIMARY KEY); INSERT INTO tenants VALUES ('t');
CREATE TABLE payments (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), service_id TEXT NOT NULL,
  status TEXT NOT NULL, remote_id TEXT, notice_code TEXT, intermediary TEXT NOT NULL, provider_ref TEXT, next_check_at INTEGER,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE INDEX payments_due ON payments (next_check_at) WHERE next_check_at IS NOT NULL;
CREATE INDEX payments_by_tenant ON payments (tenant_id, created_at);
CREATE INDEX payments_by_provider_ref ON payments (intermediary, provider_ref) WHERE provider_ref IS NOT NULL;
CREATE TABLE payment_events (event_id TEXT PRIMARY KEY, payment_id TEXT NOT NULL REFERENCES payments(id), seq INTEGER NOT NULL,
  status TEXT NOT NULL, created_at INTEGER NOT NULL, doc TEXT NOT NULL, UNIQUE (payment_id, seq)) STRICT;
CREATE TABLE inbound_events (event_id TEXT PRIMARY KEY, payment_id TEXT NOT NULL, received_at INTEGER NOT NULL) STRICT;`

const G = Number(process.argv[2] ?? 9)
const DOC = 'x'.repeat(2200)

function run(eventIds: 'v4' | 'v7', update: 'all' | 'changed') {
  const dir = mkdtempSync(join(tmpdir(), 'varco-commit-'))
  const db = new Database(join(dir, 'c.db')) as unknown as Engine
  try {
    for (const p of ['journal_mode = WAL', 'synchronous = NORMAL', 'wal_autocheckpoint = 0', 'foreign_keys = ON']) db.exec(`PRAGMA ${p}`)
    db.exec(SCHEMA)
    let seq = 0
    const v7 = () => `${(Date.now() * 1000 + (seq++ % 1000)).toString(16).padStart(16, '0')}${crypto.randomUUID().slice(16)}`
    const eventId = eventIds === 'v7' ? v7 : () => crypto.randomUUID()
    const insertPayment = db.prepare(`INSERT INTO payments (id, tenant_id, service_id, status, remote_id, notice_code, intermediary,
      provider_ref, next_check_at, created_at, updated_at, doc) VALUES (?, 't', 's', ?, NULL, NULL, 'pagopa', NULL, ?, ?, ?, ?)`)
    const insertEvent = db.prepare(`INSERT INTO payment_events (event_id, payment_id, seq, status, created_at, doc)
      VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM payment_events WHERE payment_id = ?), ?, ?, ?)`)
    const insertInbound = db.prepare('INSERT INTO inbound_events VALUES (?, ?, ?)')
    const updateAll = db.prepare(
      'UPDATE payments SET status = ?, notice_code = ?, provider_ref = ?, next_check_at = ?, updated_at = ?, doc = ? WHERE id = ?',
    )
    const updateMain = db.prepare(
      'UPDATE payments SET status = ?, notice_code = ?, next_check_at = ?, updated_at = ?, doc = ? WHERE id = ?',
    )
    const updateRef = db.prepare('UPDATE payments SET provider_ref = ? WHERE id = ? AND provider_ref IS NOT ?')
    const setPayment = (id: string, status: string, ref: string, next: number) => {
      const now = Date.now()
      if (update === 'all') updateAll.run([status, ref, ref, next, now, DOC, id])
      else {
        updateMain.run([status, ref, next, now, DOC, id])
        updateRef.run([ref, id, ref])
      }
    }
    const ids: string[] = []
    const refs = new Map<string, string>()
    const phase = (n: number, entry: (i: number) => void) => {
      let commitMs = 0
      const t0 = performance.now()
      for (let g = 0; g < n / G; g++) {
        db.exec('BEGIN IMMEDIATE')
        for (let i = 0; i < G; i++) entry(g * G + i)
        const c = performance.now()
        db.exec('COMMIT')
        commitMs += performance.now() - c
        if (g % 60 === 59) db.exec('PRAGMA wal_checkpoint(PASSIVE)')
      }
      return { commitUs: (commitMs * 1000) / Math.ceil(n / G), entryUs: ((performance.now() - t0) * 1000) / n }
    }
    const creation = phase(3000, (i) => {
      const id = crypto.randomUUID()
      const now = Date.now()
      const ref = `3${String(Math.random()).slice(2, 19)}`
      ids.push(id)
      refs.set(id, ref)
      insertPayment.run([id, 'CREATION_PENDING', now + 60_000, now, now, DOC])
      if (i % 2 === 0) {
        insertEvent.run([eventId(), id, id, 'CREATION_PENDING', now, DOC])
        insertInbound.run([crypto.randomUUID(), id, now])
      } else {
        setPayment(id, 'PAYMENT_PENDING', ref, now + 120_000)
        insertEvent.run([eventId(), id, id, 'PAYMENT_PENDING', now, DOC])
      }
    })
    const redirect = phase(3000, (i) => {
      const id = ids[(i * 7919) % ids.length] as string
      setPayment(id, 'PAYMENT_STARTED', refs.get(id) as string, Date.now() + 180_000)
      insertEvent.run([eventId(), id, id, 'PAYMENT_STARTED', Date.now(), DOC])
    })
    return { creation, redirect }
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

const fmt = (x: number) => x.toFixed(0).padStart(5)
console.log(`groups of ${G}; µs: COMMIT (creation phase), COMMIT and write per entry (redirect phase)`)
for (let round = 0; round < 2; round++) {
  for (const [ids, update] of [
    ['v4', 'all'],
    ['v4', 'changed'],
    ['v7', 'all'],
    ['v7', 'changed'],
  ] as const) {
    const r = run(ids, update)
    console.log(
      `${ids} ${update.padEnd(7)} creation COMMIT ${fmt(r.creation.commitUs)} | redirect COMMIT ${fmt(r.redirect.commitUs)}, per entry ${fmt(r.redirect.entryUs)}`,
    )
  }
}
