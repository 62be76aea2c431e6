/**
 * Child process of group-commit-crash.test.ts: writes through the embedded database's group commit
 * (FULL durability) until killed. Each write is one batch: an order and its two lines. Waves of 25
 * concurrent writes; every 7th write is refused (a duplicate key on its second line) and must leave
 * nothing. A write is acknowledged on stdout (`ack <id>` or `refused <id>`) only after its promise
 * settled, i.e. after COMMIT returned. Usage: `node group-commit-writer.ts <db file> <round>`.
 * @module
 */

import { openEmbeddedDb } from '../../../adapters/libsql/embedded.ts'

const [file, round] = process.argv.slice(2)
const db = openEmbeddedDb(`file:${file}`)
await db.execute('CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY) STRICT')
await db.execute('CREATE TABLE IF NOT EXISTS lines (order_id TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (order_id, n)) STRICT')
process.stdout.write('ready\n')

let i = 0
const write = (id: string, refused: boolean) =>
  db
    .batch(
      [
        { sql: 'INSERT INTO orders (id) VALUES (?)', args: [id] },
        { sql: 'INSERT INTO lines (order_id, n) VALUES (?, 1)', args: [id] },
        { sql: 'INSERT INTO lines (order_id, n) VALUES (?, ?)', args: [id, refused ? 1 : 2] },
      ],
      'write',
    )
    .then(
      () => process.stdout.write(`ack ${id}\n`),
      () => process.stdout.write(`refused ${id}\n`),
    )

for (;;) {
  const wave = Array.from({ length: 25 }, () => {
    i++
    return write(`${round}-${i}`, i % 7 === 0)
  })
  await Promise.all(wave)
}
