/**
 * AuthFailureCounter on libSQL (`auth_failures`, migration 15): each failed authentication is one
 * write batch, an upsert per counter that returns the window's count, plus the pruning of a few
 * windows already over. Counter names (client addresses, key ids) are stored as SHA-256 hashes, so
 * the table holds no address.
 * @module
 */

import type { AuthFailureCounter } from '../../ports/auth-failure-counter.port.ts'
import { sha256Hex } from '../crypto/api-keys.ts'
import type { Db } from './client.ts'

/** Expired windows deleted per write: enough to keep up with the insert rate, small enough to stay cheap. */
const PRUNE = 16

const UPSERT = `INSERT INTO auth_failures (counter, window_end, failures) VALUES (?, ?, 1)
  ON CONFLICT (counter) DO UPDATE SET
    failures = CASE WHEN window_end <= ? THEN 1 ELSE failures + 1 END,
    window_end = CASE WHEN window_end <= ? THEN excluded.window_end ELSE window_end END
  RETURNING failures, window_end`

export function libsqlAuthFailureCounter(db: Db): AuthFailureCounter {
  return {
    async fail(counters, now, windowMs) {
      const results = await db.batch(
        [
          ...counters.map((c) => ({ sql: UPSERT, args: [sha256Hex(c), now + windowMs, now, now] })),
          {
            sql: `DELETE FROM auth_failures WHERE counter IN (SELECT counter FROM auth_failures WHERE window_end <= ? LIMIT ${PRUNE})`,
            args: [now],
          },
        ],
        'write',
      )
      return counters.map((_, i) => {
        const row = results[i]?.rows[0]
        return { failures: Number(row?.['failures'] ?? 0), windowEnd: Number(row?.['window_end'] ?? 0) }
      })
    },
  }
}
