/** InvoiceSequence on libSQL: one atomic upsert per number (no read-then-write race). @module */

import { z } from 'zod'
import type { InvoiceSequence } from '../../ports/invoice-sequence.port.ts'
import type { Db } from './client.ts'

const Row = z.object({ last_value: z.number().int().positive() })

export function libsqlInvoiceSequence(db: Db): InvoiceSequence {
  return {
    async next(transmitter) {
      const rs = await db.execute({
        sql: `INSERT INTO invoice_sequences (transmitter, last_value) VALUES (?, 1)
              ON CONFLICT (transmitter) DO UPDATE SET last_value = last_value + 1
              RETURNING last_value`,
        args: [transmitter],
      })
      return Row.parse(rs.rows[0]).last_value
    },
  }
}
