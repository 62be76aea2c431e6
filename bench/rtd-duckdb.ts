/**
 * Child process of `npm run bench:rtd`: `node bench/rtd-duckdb.ts <input.csv> <outDir> [threads]`. DuckDB (in-memory
 * database, its default thread count unless given) runs the B2.1 GROUP BY on the same CSTAR file and COPYs the 13
 * output columns to a CSV. VAT and POS type follow the dirty rule (one value in the group, an empty VAT counting as a
 * value, else `###na###` / `99`), written as min = max. No ORDER BY: B2.1 does not require an order. Prints one
 * result line (see rtd-child.ts) with its own peak RSS; `aggregates` is the row count COPY reports.
 * @module
 */

import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { RTD_COLUMNS } from '../core/rtd/row.ts'
import { printResult, rssSampler } from './rtd-child.ts'

const [input, outDir, threads] = process.argv.slice(2)
if (!input || !outDir) throw new Error('usage: rtd-duckdb.ts <input.csv> <outDir> [threads]')
const quote = (s: string) => `'${s.replaceAll("'", "''")}'`

const columns = RTD_COLUMNS.map((c) => `${quote(c)}: ${quote(c === 'total_amount' ? 'BIGINT' : 'VARCHAR')}`).join(', ')

export const sql = (file: string, out: string) => `
COPY (
  SELECT sender_code, operation_type, '2026-11-23' AS transmission_date, substr(date_time, 1, 10) AS accounting_date,
    count(*) AS n, sum(total_amount) AS total_amount, '978' AS currency, acquirer_id, merchant_id, terminal_id, fiscal_code,
    CASE WHEN min(coalesce(vat, '')) = max(coalesce(vat, '')) THEN min(coalesce(vat, '')) ELSE '###na###' END AS vat,
    CASE WHEN min(pos_type) = max(pos_type) THEN min(pos_type) ELSE '99' END AS pos_type
  FROM read_csv(${quote(file)}, delim = ';', header = false, comment = '#', auto_detect = false, columns = {${columns}})
  GROUP BY sender_code, operation_type, accounting_date, acquirer_id, merchant_id, terminal_id, fiscal_code
) TO ${quote(out)} (FORMAT csv, DELIMITER ';', HEADER false, QUOTE '')`

const sampler = rssSampler()
const started = performance.now()
const instance = await DuckDBInstance.create(':memory:', {
  temp_directory: join(outDir, 'duckdb-tmp'),
  ...(threads ? { threads } : {}),
})
const connection = await instance.connect()
const used = (await connection.runAndReadAll("SELECT current_setting('threads') AS t")).getRows()[0]?.[0]
const result = await connection.run(sql(input, join(outDir, 'duckdb-out.csv')))
const aggregates = Number(result.rowsChanged)
const seconds = (performance.now() - started) / 1000
connection.closeSync()
instance.closeSync()
printResult({ engine: 'duckdb', seconds, peakRssBytes: sampler.stop(), aggregates, note: `${used} threads` })
