/**
 * The RTD simulator's handles for tests and scripts: in-process ({@link RtdControl}) and the same over
 * HTTP under `/_control` (faults, expired SAS grants, AdE's answer to a file, a snapshot).
 * @module
 */

import { Hono } from 'hono'
import { type faultInjector, RTD_OPERATIONS, type RtdFault } from './faults.ts'
import { addAck } from './ingest.ts'
import type { SimKeys } from './keys.ts'
import type { FileStatus, PutRecord, RtdState } from './state.ts'

/** One row of an ADEACK errors file (spec B2.2); `errors` are `<field 2n><type 2n>` codes. */
export type AckRow = {
  readonly merchantId: string
  readonly terminalId: string
  readonly fiscalCode: string
  readonly acquirerId: string
  readonly outcome: 1 | 2 | 3 | 4
  readonly errors: readonly string[]
}

export type FileSnapshot = {
  readonly name: string
  readonly status: FileStatus
  readonly error: 'not_decryptable' | 'no_checksum_line' | null
  readonly rows: number
  readonly ackFile: string | null
}

export type AdeAnswer =
  | { readonly ok: true; readonly ackFile: string }
  | { readonly ok: false; readonly status: 404 | 409; readonly reason: string }

export type RtdControl = {
  readonly fault: (f: RtdFault) => void
  readonly clearFaults: () => void
  /** The next `count` SAS grants are issued already expired (the PUT with them gets 403). */
  readonly expireNextSas: (count?: number) => void
  /**
   * AdE answers a validated file: it goes SENT_TO_AGENZIA_DELLE_ENTRATE, then ACK_TO_DOWNLOAD with an
   * ADEACK file of `rows` (default: a warning `1302` on the file's first aggregate).
   */
  readonly adeAnswer: (fileName: string, rows?: readonly AckRow[]) => AdeAnswer
  /** Blobs stored (a name is stored at most once). */
  readonly stored: () => number
  readonly blob: (fileName: string) => Uint8Array | null
  readonly sasIssued: () => number
  /** Every PUT received, oldest first, with its SAS `sig` and storage headers. */
  readonly puts: () => readonly PutRecord[]
  readonly files: () => readonly FileSnapshot[]
  readonly acks: () => ReadonlyArray<{ readonly name: string; readonly forFile: string; readonly confirmed: boolean }>
  readonly publicKey: () => Promise<string>
}

const line = (r: AckRow) => [r.merchantId, r.terminalId, r.fiscalCode, r.acquirerId, String(r.outcome), r.errors.join('|')].join(';')

export function rtdControl(
  state: RtdState,
  faults: ReturnType<typeof faultInjector>,
  keys: () => Promise<SimKeys>,
  senderCode: string,
): RtdControl {
  return {
    fault: faults.arm,
    clearFaults: faults.clear,
    expireNextSas: (count = 1) => {
      state.expiredSasToIssue += count
    },
    adeAnswer: (fileName, rows) => {
      const file = state.files.get(fileName)
      if (!file) return { ok: false, status: 404, reason: `no file ${fileName}` }
      if (file.status !== 'VALIDATED_BY_PAGOPA') return { ok: false, status: 409, reason: `${fileName} is ${file.status}` }
      file.status = 'SENT_TO_AGENZIA_DELLE_ENTRATE'
      const first = file.rows[0] ?? []
      const given = rows ?? [
        {
          merchantId: first[8] ?? '',
          terminalId: first[9] ?? '',
          fiscalCode: first[10] ?? '',
          acquirerId: first[7] ?? '',
          outcome: 4,
          errors: ['1302'],
        },
      ]
      return { ok: true, ackFile: addAck(state, senderCode, file, given.map(line)) }
    },
    stored: () => state.blobs.size,
    blob: (fileName) => [...state.blobs.entries()].find(([k]) => k.endsWith(`/${fileName}`))?.[1] ?? null,
    sasIssued: () => state.sas.size,
    puts: () => [...state.puts],
    files: () =>
      [...state.files.values()].map((f) => ({ name: f.name, status: f.status, error: f.error, rows: f.rows.length, ackFile: f.ackFile })),
    acks: () => [...state.acks.values()].map((a) => ({ name: a.name, forFile: a.forFile, confirmed: a.confirmed })),
    publicKey: async () => (await keys()).armoredPublic,
  }
}

const KINDS = ['fail', 'hang', 'drop']

/** `/_control/*`: the same handles over HTTP. */
export function controlApi(control: RtdControl, armed: () => readonly RtdFault[]) {
  const app = new Hono()
  app.post('/_control/faults', async (c) => {
    const f = (await c.req.json().catch(() => null)) as RtdFault | null
    if (!f || !RTD_OPERATIONS.includes(f.op) || !KINDS.includes(f.kind))
      return c.json({ message: `a fault is {op: ${RTD_OPERATIONS.join('|')}, kind: fail|hang|drop, …}` }, 400)
    control.fault(f)
    return c.json({ faults: armed() }, 200)
  })
  app.delete('/_control/faults', (c) => {
    control.clearFaults()
    return c.json({ faults: [] }, 200)
  })
  app.post('/_control/sas/expire-next', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { count?: unknown }
    control.expireNextSas(typeof body.count === 'number' ? body.count : 1)
    return c.json({ ok: true }, 200)
  })
  app.post('/_control/files/:name/ade-answer', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { rows?: AckRow[] }
    const r = control.adeAnswer(c.req.param('name'), body.rows)
    return r.ok ? c.json({ ackFile: r.ackFile }, 200) : c.json({ message: r.reason }, r.status)
  })
  app.get('/_control/state', (c) =>
    c.json(
      { stored: control.stored(), sasIssued: control.sasIssued(), puts: control.puts(), files: control.files(), acks: control.acks() },
      200,
    ),
  )
  return app
}
