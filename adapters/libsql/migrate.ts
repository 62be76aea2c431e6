/**
 * Applies pending migrations. Each migration and its `schema_migrations` row go in one write batch,
 * so a crash leaves either all of it or none. Two processes racing: the loser's batch fails on the
 * version's primary key, rolls back, and it re-reads what is applied.
 * @module
 */

import type { Db } from './client.ts'
import { MIGRATIONS, type Migration } from './migrations.ts'

export type MigrateReport = { readonly applied: number[]; readonly current: number }

async function appliedVersions(db: Db): Promise<Set<number>> {
  await db.execute(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT',
  )
  const rs = await db.execute('SELECT version FROM schema_migrations')
  return new Set(rs.rows.map((r) => Number(r['version'])))
}

export async function migrate(db: Db, now: () => Date, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrateReport> {
  const applied: number[] = []
  let done = await appliedVersions(db)
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue
    try {
      await db.batch(
        [
          ...m.statements.map((sql) => ({ sql, args: [] })),
          {
            sql: 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
            args: [m.version, m.name, now().getTime()],
          },
        ],
        'write',
      )
      applied.push(m.version)
    } catch (e) {
      done = await appliedVersions(db)
      if (!done.has(m.version)) throw e
    }
  }
  const current = Math.max(0, ...migrations.map((m) => m.version).filter((v) => done.has(v) || applied.includes(v)))
  return { applied, current }
}
