/**
 * The RtdSubmitter contract (ports/rtd-submitter.port.ts): every adapter, against its far side,
 * passes these cases. What matters most: each upload attempt has its own grant, a name is stored
 * at most once (a repeat, or a retry after a lost answer, is `already_there`), retryable failures
 * are retried with backoff, and auth failures stop at once. Runtime-neutral (no node: imports).
 * @module
 */

import { describe, expect } from 'vitest'
import type { RtdSubmitter } from '../../ports/rtd-submitter.port.ts'
import { type ChunkKind, EXPECTED_SUMMARY, type TestChunk } from '../adapters/rtd-pagopa/files.ts'
import { caseRunner, type Skips } from './matrix.ts'

export type RtdHarness = {
  /** Waits between attempts are recorded in {@link RtdHarness.waits}, not slept. */
  readonly submitter: RtdSubmitter
  readonly waits: readonly number[]
  readonly withKey: (subscriptionKey: string) => RtdSubmitter
  /** One attempt per upload, with a deadline far shorter than a hang. */
  readonly slow: () => RtdSubmitter
  /** A chunk encrypted to the far side's key (`valid`), not PGP at all, or without the checksum line. */
  readonly chunk: (kind?: ChunkKind) => Promise<TestChunk>
  readonly farPublicKey: () => Promise<string>
  /** The next `count` calls of `op` answer `status`, doing nothing. */
  readonly failNext: (op: 'sas' | 'upload' | 'file-report', status: number, count?: number) => void
  /** The far side stores the next upload, then loses the answer (`error`: a 500; `abort`: the connection is cut). */
  readonly dropNextUpload: (mode: 'error' | 'abort') => void
  /** The far side stores the next upload, then answers too late for {@link RtdHarness.slow}. */
  readonly hangNextUpload: () => void
  /** The next grant is issued already expired. */
  readonly expireNextSas: () => void
  /** Upload grants the far side issued. */
  readonly grantsIssued: () => number
  /** Files stored (each name at most once). */
  readonly stored: () => number
  /** Every PUT the storage received, oldest first. */
  readonly puts: () => ReadonlyArray<{
    fileName: string
    sig: string | null
    blobType: string | null
    msVersion: string | null
    status: number
  }>
  /** AdE answers a validated file: an errors file to download; its name. */
  readonly adeAnswer: (fileName: string) => string
}

export type RtdCase =
  | 'key'
  | 'grant'
  | 'upload'
  | 'repeat'
  | 'retry-5xx'
  | 'retry-grant'
  | 'drop'
  | 'timeout'
  | 'expired-sas'
  | 'exhausted'
  | 'report'
  | 'acks'
  | 'auth'

export type RtdContractOptions = { readonly name: string; readonly make: () => Promise<RtdHarness>; readonly skip?: Skips<RtdCase> }

const text = (s: ReadableStream<Uint8Array>) => new Response(s).text()

export function runRtdSubmitterContract(o: RtdContractOptions): void {
  const run = caseRunner(o.skip)

  describe(`RtdSubmitter contract: ${o.name}`, () => {
    run('key', "gets the far side's armored public key", async () => {
      const h = await o.make()
      const key = await h.submitter.publicKey()
      expect(key).toEqual({ kind: 'ok', value: await h.farPublicKey() })
      expect(key.kind === 'ok' && key.value).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/)
    })

    run('grant', "each grant is new, for the sender's container, valid for an hour", async () => {
      const h = await o.make()
      const [a, b] = [await h.submitter.uploadGrant(), await h.submitter.uploadGrant()]
      if (a.kind !== 'ok' || b.kind !== 'ok') throw new Error(`no grant: ${JSON.stringify([a, b])}`)
      expect(a.value.container).toMatch(/^ade-transactions-[0-9a-f]{44}$/)
      expect(b.value.container).toBe(a.value.container)
      expect(b.value.token).not.toBe(a.value.token)
      expect(a.value.expiresAt?.getTime()).toBeGreaterThan(Date.parse('2026-11-23T10:59:00Z'))
    })

    run('upload', 'uploads a chunk with BlockBlob and x-ms-version 2021-08-06: 201 is uploaded, stored once', async () => {
      const h = await o.make()
      const chunk = await h.chunk()
      expect(await h.submitter.upload(chunk)).toEqual({ kind: 'ok', value: { status: 'uploaded', attempts: 1 } })
      expect(h.stored()).toBe(1)
      expect(h.puts()).toEqual([
        { fileName: chunk.fileName, sig: expect.any(String), blobType: 'BlockBlob', msVersion: '2021-08-06', status: 201 },
      ])
      expect(h.waits).toEqual([])
    })

    run('repeat', 'uploading a name again is already_there (409), and stores nothing more', async () => {
      const h = await o.make()
      const chunk = await h.chunk()
      await h.submitter.upload(chunk)
      expect(await h.submitter.upload(chunk)).toEqual({ kind: 'ok', value: { status: 'already_there', attempts: 1 } })
      expect(h.stored()).toBe(1)
      expect(h.puts().map((p) => p.status)).toEqual([201, 409])
    })

    run('retry-5xx', 'a 503 is retried after a backoff with a new grant, re-reading the file', async () => {
      const h = await o.make()
      const chunk = await h.chunk()
      h.failNext('upload', 503)
      expect(await h.submitter.upload(chunk)).toEqual({ kind: 'ok', value: { status: 'uploaded', attempts: 2 } })
      expect(h.stored()).toBe(1)
      expect(h.grantsIssued()).toBe(2)
      expect(h.waits).toEqual([2000])
      expect(chunk.opened()).toBe(2)
    })

    run('retry-grant', 'a grant that fails (5xx) counts as an attempt and is asked again', async () => {
      const h = await o.make()
      h.failNext('sas', 500)
      expect(await h.submitter.upload(await h.chunk())).toEqual({ kind: 'ok', value: { status: 'uploaded', attempts: 2 } })
      expect(h.stored()).toBe(1)
      // The failed call issued nothing: the one grant is the second call's.
      expect(h.grantsIssued()).toBe(1)
      expect(h.waits).toEqual([2000])
    })

    run('drop', 'an answer lost after storing is retried; the retry finds 409: already_there, never stored twice', async () => {
      const h = await o.make()
      for (const mode of ['error', 'abort'] as const) {
        const chunk = await h.chunk()
        h.dropNextUpload(mode)
        expect(await h.submitter.upload(chunk)).toEqual({ kind: 'ok', value: { status: 'already_there', attempts: 2 } })
        const mine = h.puts().filter((p) => p.fileName === chunk.fileName)
        expect(mine.map((p) => p.status)).toEqual([201, 409])
        expect(mine[0]?.sig).not.toBe(mine[1]?.sig)
      }
      expect(h.stored()).toBe(2)
    })

    run('timeout', 'no answer in time is unknown; the next upload of the name is already_there', async () => {
      const h = await o.make()
      const chunk = await h.chunk()
      h.hangNextUpload()
      expect(await h.slow().upload(chunk)).toMatchObject({ kind: 'unknown' })
      expect(await h.submitter.upload(chunk)).toEqual({ kind: 'ok', value: { status: 'already_there', attempts: 1 } })
      expect(h.stored()).toBe(1)
    })

    run('expired-sas', 'a grant the storage refuses (expired: 403) is replaced by a new one on the next attempt', async () => {
      const h = await o.make()
      h.expireNextSas()
      expect(await h.submitter.upload(await h.chunk())).toEqual({ kind: 'ok', value: { status: 'uploaded', attempts: 2 } })
      expect(h.puts().map((p) => p.status)).toEqual([403, 201])
    })

    run('exhausted', 'after the last attempt the last failure is the answer: 503 three times is retryable, nothing stored', async () => {
      const h = await o.make()
      h.failNext('upload', 503, 3)
      expect(await h.submitter.upload(await h.chunk())).toMatchObject({ kind: 'retryable', reason: expect.stringContaining('503') })
      expect(h.waits).toEqual([2000, 4000])
      expect(h.stored()).toBe(0)
    })

    run('report', 'the file report lists each upload: validated with its summary, or unreadable with none', async () => {
      const h = await o.make()
      const [good, garbage, bare] = [await h.chunk(), await h.chunk('garbage'), await h.chunk('no-checksum')]
      for (const c of [good, garbage, bare]) expect((await h.submitter.upload(c)).kind).toBe('ok')
      const report = await h.submitter.fileReport()
      if (report.kind !== 'ok') throw new Error(report.reason)
      const byName = new Map(report.value.map((f) => [f.fileName, f]))
      expect(byName.get(good.fileName)).toMatchObject({ status: 'validated', size: good.size, summary: EXPECTED_SUMMARY })
      expect(byName.get(good.fileName)?.transmittedAt).toMatch(/^2026-11-23T10:00:00/)
      for (const bad of [garbage, bare]) expect(byName.get(bad.fileName)).toMatchObject({ summary: null })
      const acks = await h.submitter.listAcks()
      expect(acks.kind === 'ok' && acks.value).toHaveLength(2)
    })

    run('acks', 'lists an errors file, downloads it, confirms it; it leaves the list and the file is ack_downloaded', async () => {
      const h = await o.make()
      const chunk = await h.chunk()
      await h.submitter.upload(chunk)
      expect(await h.submitter.listAcks()).toEqual({ kind: 'ok', value: [] })
      const ack = h.adeAnswer(chunk.fileName)
      expect(ack).toMatch(/^ADEACK\.99999\.09509\.2026-11-23\.[0-9a-f-]{36}\.csv$/)
      expect(await h.submitter.listAcks()).toEqual({ kind: 'ok', value: [ack] })
      const download = await h.submitter.downloadAck(ack)
      if (download.kind !== 'ok') throw new Error(download.reason)
      expect(await text(download.value)).toBe('400000098174;98174002;fc543321;09509;4;1302\n')
      const before = await h.submitter.fileReport()
      expect(before.kind === 'ok' && before.value.find((f) => f.fileName === chunk.fileName)?.status).toBe('ack_to_download')
      expect(await h.submitter.confirmAck(ack)).toEqual({ kind: 'ok', value: undefined })
      expect(await h.submitter.listAcks()).toEqual({ kind: 'ok', value: [] })
      const after = await h.submitter.fileReport()
      expect(after.kind === 'ok' && after.value.find((f) => f.fileName === chunk.fileName)?.status).toBe('ack_downloaded')
      expect(await h.submitter.downloadAck('ADEACK.99999.09509.2026-11-23.nope.csv')).toMatchObject({ kind: 'invalid_request' })
    })

    run('auth', 'a wrong subscription key is auth on every call, and an upload stops at once, storing nothing', async () => {
      const h = await o.make()
      const wrong = h.withKey('not-the-key')
      expect(await wrong.publicKey()).toMatchObject({ kind: 'auth', reason: expect.stringContaining('401') })
      expect(await wrong.uploadGrant()).toMatchObject({ kind: 'auth' })
      expect(await wrong.fileReport()).toMatchObject({ kind: 'auth' })
      expect(await wrong.listAcks()).toMatchObject({ kind: 'auth' })
      expect(await wrong.confirmAck('ADEACK.x.csv')).toMatchObject({ kind: 'auth' })
      const chunk = await h.chunk()
      expect(await wrong.upload(chunk)).toMatchObject({ kind: 'auth' })
      expect(chunk.opened()).toBe(0)
      expect(h.waits).toEqual([])
      expect(h.puts()).toEqual([])
    })
  })
}
