/**
 * `varco rtd send|report|acks`, for operators, with a tenant's RTD settings from the gateway's database (in the
 * sandbox, a tenant without settings uses the simulator of the running `npm start` over HTTP: its files live there).
 *  - send <dir> --tenant <id>: uploads every `ADE.….csv.pgp` in <dir> (as `rtd aggregate --pubkey` wrote them), each
 *    with the adapter's retries; a 409 is "already there". What was sent is recorded in <dir>/varco-sent.json after
 *    each file, so a second run sends only what is left and never the same name twice;
 *  - report --tenant <id>: prints pagoPA's file report and applies it to the tenant's submissions (forward only);
 *  - acks --tenant <id> [--out <dir>]: downloads the AdE errors files (ADEACK), stores them (and writes them to <dir>),
 *    then confirms each with `ack-received`; prints what it found.
 * @module
 */

import { createReadStream } from 'node:fs'
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { parseArgs } from 'node:util'
import type { RtdDeps } from '../core/rtd/deps.ts'
import { parseAdeFileName } from '../core/rtd/file-name.ts'
import { followTenant } from '../core/rtd/follow.ts'
import type { RtdSubmitter } from '../ports/rtd-submitter.port.ts'
import type { Out } from './cli-usage.ts'
import { RtdUsageError } from './rtd-usage.ts'

const MANIFEST = 'varco-sent.json'

type Sent = Record<string, { status: 'uploaded' | 'already_there'; at: string; size: number }>

async function readManifest(dir: string): Promise<Sent> {
  try {
    return JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Sent
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new RtdUsageError(`${join(dir, MANIFEST)} is not readable JSON: ${(e as Error).message}`)
  }
}

async function writeManifest(dir: string, sent: Sent): Promise<void> {
  const tmp = join(dir, `${MANIFEST}.tmp`)
  await writeFile(tmp, `${JSON.stringify(sent, null, 2)}\n`)
  await rename(tmp, join(dir, MANIFEST))
}

function tenantOf(values: Record<string, unknown>): string {
  const v = values['tenant']
  if (typeof v !== 'string' || v.trim() === '') throw new RtdUsageError('--tenant is required')
  return v.toLowerCase()
}

async function send(dir: string, submitter: RtdSubmitter, out: Out, clock: () => Date): Promise<number> {
  const names = (await readdir(dir)).filter((n) => {
    const p = parseAdeFileName(n)
    return p.ok && p.value.encrypted
  })
  if (names.length === 0) {
    out.stderr(`varco: no ADE.….csv.pgp files in ${dir} (make them with: varco rtd aggregate --pubkey <key.asc>)`)
    return 1
  }
  const sent = await readManifest(dir)
  const results: { file: string; status: string; attempts?: number; reason?: string }[] = []
  let failed = 0
  for (const name of names.sort()) {
    if (sent[name]) {
      results.push({ file: name, status: `skipped (${sent[name].status} at ${sent[name].at})` })
      continue
    }
    const path = join(dir, name)
    const size = (await stat(path)).size
    const r = await submitter.upload({
      fileName: name,
      size,
      open: () => Readable.toWeb(createReadStream(path, { highWaterMark: 1 << 20 })) as ReadableStream<Uint8Array>,
    })
    if (r.kind === 'ok') {
      sent[name] = { status: r.value.status, at: clock().toISOString(), size }
      await writeManifest(dir, sent)
      results.push({ file: name, status: r.value.status, attempts: r.value.attempts })
    } else {
      failed++
      results.push({ file: name, status: r.kind, reason: r.reason })
      out.stderr(
        `varco: ${name}: ${r.kind === 'unknown' ? 'no answer (it may be stored; run send again: a stored file answers 409)' : r.reason}`,
      )
      if (r.kind === 'auth') break
    }
  }
  out.stdout(JSON.stringify({ dir, files: results }))
  return failed > 0 ? 1 : 0
}

/** `sub` is send, report or acks; `rtd` is the RTD deps whose `submitterFor` reaches the CLI's pagoPA (or simulator). */
export async function rtdSendCommand(
  sub: string | undefined,
  args: string[],
  rtd: RtdDeps,
  ready: Promise<void>,
  out: Out,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { tenant: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  })
  const tenantId = tenantOf(values)
  await ready
  const submitter = await rtd.submitterFor(tenantId, await rtd.repo.settings(tenantId))
  if (!submitter) {
    out.stderr(`varco: tenant ${tenantId} has no RTD subscription key (PUT /rtd/settings)`)
    return 1
  }
  switch (sub) {
    case 'send': {
      const dir = positionals[0]
      if (!dir || positionals.length > 1) throw new RtdUsageError('rtd send takes one <dir>')
      return await send(dir, submitter, out, rtd.clock)
    }
    case 'report': {
      const r = await submitter.fileReport()
      if (r.kind !== 'ok') {
        out.stderr(`varco: file report unavailable (${r.kind}): ${r.reason}`)
        return 1
      }
      const changed = await rtd.repo.applyReport(tenantId, r.value, rtd.clock())
      out.stdout(JSON.stringify({ files: r.value, changed }))
      return 0
    }
    case 'acks': {
      const counters = await followTenant(rtd, tenantId)
      const acks = await rtd.repo.acks(tenantId, 200)
      if (values.out) {
        for (const a of acks) {
          const found = await rtd.repo.ack(tenantId, a.fileName)
          if (found) await writeFile(join(values.out, a.fileName), found.content)
        }
      }
      const counts = Object.fromEntries([...new Set(counters)].map((c) => [c, counters.filter((x) => x === c).length]))
      out.stdout(
        JSON.stringify({
          counts,
          acks: acks.map((a) => ({
            file_name: a.fileName,
            rows: a.rows,
            errors: a.errors,
            warnings: a.warnings,
            confirmed: a.confirmedAt !== null,
          })),
        }),
      )
      return counters.includes('unreachable') || counters.includes('not_configured') ? 1 : 0
    }
    default:
      throw new RtdUsageError(`unknown rtd command '${sub ?? ''}'`)
  }
}
