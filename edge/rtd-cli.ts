/**
 * `varco rtd aggregate --input <CSTAR file> --out <dir> [--pubkey <key.asc>] [--date <yyyy-mm-dd>] [--skip-limit <n>]
 * [--max-keys <n>] [--max-rows <n>] [--abi-map <file.json>]` (issue 13 point 5): one input file → its ADE chunks in
 * `<dir>` through produceAdeFiles, reading the file as a stream and spilling to a temp directory. Encrypted to
 * `--pubkey` (`.csv.pgp`), in clear without it. A progress bar on a terminal (stderr), one JSON summary on stdout,
 * and on an error a message naming the file, line and column on stderr. Exit 0 done, 1 data error, 2 usage error.
 * @module
 */

import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import { newSha256Hasher } from '../adapters/crypto/sha256-hasher.ts'
import { createOpenPgpEncryptor } from '../adapters/pgp/openpgp.ts'
import { fsRtdFiles } from '../adapters/rtd-files/fs.ts'
import { createParallelRtdAggregator } from '../adapters/rtd-parallel/aggregate.ts'
import { createFsSpillStore } from '../adapters/rtd-spill/fs.ts'
import { formatRome, wallClockMs } from '../core/rome-time.ts'
import { type ProduceOptions, produceAdeFiles } from '../core/rtd/produce.ts'
import type { Clock } from '../ports/clock.port.ts'
import type { Out } from './cli-usage.ts'
import { produceErrorMessage, summaryJson } from './rtd-messages.ts'
import { rtdProgressBar, type Tty } from './rtd-progress.ts'
import { RTD_USAGE } from './rtd-usage.ts'

class Usage extends Error {}
class DataError extends Error {}

const OPTIONS = {
  input: { type: 'string' },
  out: { type: 'string' },
  pubkey: { type: 'string' },
  date: { type: 'string' },
  'skip-limit': { type: 'string' },
  'max-keys': { type: 'string' },
  'max-rows': { type: 'string' },
  'abi-map': { type: 'string' },
  workers: { type: 'string' },
} as const

function integer(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new Usage(`--${name} must be an integer ≥ ${min}`)
  }
  return Number(value)
}

function runDate(value: string | undefined, clock: Clock): string {
  if (value === undefined) return formatRome(clock()).slice(0, 10)
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m || wallClockMs(Number(m[1]), Number(m[2]), Number(m[3])) === null) throw new Usage('--date must be a real date, yyyy-mm-dd')
  return value
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (e) {
    throw new DataError(`${path}: cannot read the ${what} (${(e as NodeJS.ErrnoException).code ?? String(e)})`)
  }
}

async function abiMap(path: string | undefined): Promise<ReadonlyMap<string, string> | undefined> {
  if (path === undefined) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(await readText(path, 'ABI map'))
  } catch (e) {
    if (e instanceof DataError) throw e
    throw new DataError(`${path}: not JSON`)
  }
  const entries = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.entries(parsed) : null
  if (!entries?.every(([, v]) => typeof v === 'string')) throw new DataError(`${path}: expected {"<fake ABI>": "<fiscal code>", ...}`)
  return new Map(entries as [string, string][])
}

function parse(args: string[], clock: Clock) {
  let values: Record<string, string | undefined>
  try {
    values = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }).values
  } catch (e) {
    throw new Usage((e as Error).message)
  }
  const { input, out } = values
  if (!input) throw new Usage('--input is required')
  if (!out) throw new Usage('--out is required')
  const opts = {
    transmissionDate: runDate(values['date'], clock),
    skipLimit: integer(values['skip-limit'], 'skip-limit', 0),
    maxKeys: integer(values['max-keys'], 'max-keys', 1),
    maxRowsPerChunk: integer(values['max-rows'], 'max-rows', 1),
  }
  // A one-off batch process: both cores by default where there are two (rtd-parallel; output byte-identical).
  const workers = integer(values['workers'], 'workers', 1) ?? Math.min(2, availableParallelism())
  return { input, out, pubkey: values['pubkey'], abiMap: values['abi-map'], opts, workers }
}

/** Runs `varco rtd aggregate <args>`; resolves with the exit code. */
export async function rtdAggregateCommand(args: string[], out: Out, tty: Tty, clock: Clock): Promise<number> {
  const started = clock().getTime()
  let a: ReturnType<typeof parse>
  try {
    a = parse(args, clock)
  } catch (e) {
    if (!(e instanceof Usage)) throw e
    out.stderr(`varco: ${e.message}\n\nusage:\n${RTD_USAGE}`)
    return 2
  }
  const inputName = basename(a.input)
  const spill = await createFsSpillStore()
  try {
    const info = await stat(a.input).catch(() => null)
    if (!info?.isFile()) throw new DataError(`${a.input}: no such file`)
    const publicKey = a.pubkey === undefined ? undefined : await readText(a.pubkey, 'public key')
    const abiToFiscalCode = await abiMap(a.abiMap)
    const bar = rtdProgressBar(tty, info.size, clock)
    const opts: ProduceOptions = {
      inputName,
      transmissionDate: a.opts.transmissionDate,
      ...(publicKey === undefined ? {} : { publicKey }),
      ...(abiToFiscalCode ? { abiToFiscalCode } : {}),
      ...(a.opts.skipLimit === undefined ? {} : { skipLimit: a.opts.skipLimit }),
      ...(a.opts.maxKeys === undefined ? {} : { maxKeys: a.opts.maxKeys }),
      ...(a.opts.maxRowsPerChunk === undefined ? {} : { maxRowsPerChunk: a.opts.maxRowsPerChunk }),
      ...(tty.isTTY ? { onProgress: (p) => bar.update(p), progressEvery: 10_000 } : {}),
    }
    // With --workers > 1, files of 16 MiB and more are aggregated on worker threads; otherwise in this thread.
    const deps = {
      newHasher: newSha256Hasher,
      spill,
      encryptor: createOpenPgpEncryptor(),
      out: fsRtdFiles(a.out),
      ...(a.workers > 1 ? { aggregate: createParallelRtdAggregator({ workers: a.workers }) } : {}),
    }
    const input = createReadStream(a.input, { highWaterMark: 1 << 20 })
    const r = await produceAdeFiles(deps, input, opts).finally(() => {
      bar.clear()
      input.destroy()
    })
    if (!r.ok) throw new DataError(produceErrorMessage(r.error, inputName, a.pubkey))
    out.stdout(JSON.stringify(summaryJson(r.value, a.out, clock().getTime() - started)))
    return 0
  } catch (e) {
    const io = (e as NodeJS.ErrnoException).code
    if (!(e instanceof DataError) && !(typeof io === 'string' && e instanceof Error)) throw e
    out.stderr(`varco: ${e.message}`)
    return 1
  } finally {
    await spill.close()
  }
}
