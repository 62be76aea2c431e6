/**
 * The RtdRepo contract, part two: upload answers (forward only, attempts add up, the last file
 * uploaded makes the submission `sent`), file reports (forward only in RTD_FILE_STATUS_ORDER, with
 * the summary; unknown and other tenants' names ignored; every file ACK_DOWNLOADED makes it `done`),
 * the tenants to follow, errors files (saved once, confirmed once, newest first, tenant-scoped),
 * settings, and, where there is SQL, the CHECKs that refuse impossible rows. Run by rtdRepoContract.
 * @module
 */

import { describe, expect, it } from 'vitest'
import type { RtdUploadResult } from '../../ports/rtd-repo.port.ts'
import { anAck, aReadySubmission, at, type MakeRtdRepo, RTD_T0, reported, rtdSetup, someSettings } from './rtd-repo.harness.ts'

const UPLOADED: RtdUploadResult = { upload: 'uploaded', attempts: 1, error: null }
const LOST: RtdUploadResult = { upload: 'unknown', attempts: 3, error: 'timeout after 30 s' }

export function rtdRepoFilesContract(make: MakeRtdRepo) {
  describe('uploads and file reports', () => {
    it('records upload answers forward only; attempts add up; the last file uploaded makes it sent', async () => {
      const { repo, a, b } = await rtdSetup(make)
      const { s, files } = await aReadySubmission(repo, a, 2)
      const [f1, f2] = files.map((f) => f.fileName) as [string, string]
      expect(await repo.recordUpload(b, f1, UPLOADED, at(10))).toBeNull()
      expect(await repo.recordUpload(a, 'ADE.nope.csv.pgp', UPLOADED, at(10))).toBeNull()

      expect(await repo.recordUpload(a, f1, LOST, at(10))).toBe('ready')
      expect(await repo.recordUpload(a, f1, { upload: 'failed', attempts: 2, error: 'auth' }, at(20))).toBe('ready')
      let [r1] = await repo.files(a, s.id)
      expect(r1).toMatchObject({ upload: 'failed', attempts: 5, lastError: 'auth', uploadedAt: null })
      expect(await repo.recordUpload(a, f1, UPLOADED, at(30))).toBe('ready')
      ;[r1] = await repo.files(a, s.id)
      expect(r1).toMatchObject({ upload: 'uploaded', attempts: 6, lastError: null, uploadedAt: at(30) })
      // Uploaded stays uploaded: a later lost or refused answer changes nothing.
      expect(await repo.recordUpload(a, f1, LOST, at(40))).toBe('ready')
      expect((await repo.files(a, s.id))[0]).toEqual(r1)
      expect(await repo.get(a, s.id)).toMatchObject({ state: 'ready', sentAt: null })

      // already_there is uploaded too: the last file makes the submission sent in the same write.
      expect(await repo.recordUpload(a, f2, { upload: 'already_there', attempts: 2, error: null }, at(50))).toBe('sent')
      expect(await repo.get(a, s.id)).toMatchObject({ state: 'sent', sentAt: at(50), updatedAt: at(50) })
      expect((await repo.files(a, s.id))[1]).toMatchObject({ upload: 'already_there', attempts: 2, uploadedAt: at(50) })
      expect(await repo.recordUpload(a, f2, UPLOADED, at(60))).toBe('sent')
      expect(await repo.get(a, s.id)).toMatchObject({ state: 'sent', sentAt: at(50) })
    })

    it('lists as tenants to follow only those with a sent submission', async () => {
      const { repo, a, b } = await rtdSetup(make)
      const sent = await aReadySubmission(repo, a, 1)
      await repo.recordUpload(a, sent.files[0]?.fileName ?? '', UPLOADED, at(1))
      await aReadySubmission(repo, b, 1)
      const follow = await repo.tenantsToFollow(100_000)
      expect(follow).toContain(a)
      expect(follow).not.toContain(b)
      expect(await repo.tenantsToFollow(0)).toEqual([])
    })

    it('applies a file report forward only, with its summary; other names and tenants are ignored', async () => {
      const { repo, a, b } = await rtdSetup(make)
      const { s, files } = await aReadySubmission(repo, a, 2)
      const [f1, f2] = files.map((f) => f.fileName) as [string, string]
      const theirs = await aReadySubmission(repo, b, 1)
      const line = reported(f1, 'validated')
      expect(
        await repo.applyReport(
          a,
          [line, reported('ADE.unknown.csv.pgp', 'received'), reported(theirs.files[0]?.fileName ?? '', 'received')],
          at(100),
        ),
      ).toBe(1)
      expect((await repo.files(a, s.id))[0]).toMatchObject({
        status: 'validated',
        rawStatus: 'VALIDATED',
        summary: line.summary,
        reportedAt: at(100),
      })
      expect((await repo.files(b, theirs.s.id))[0]).toMatchObject({ status: null, reportedAt: null })

      // Back or sideways changes nothing; forward moves.
      expect(await repo.applyReport(a, [reported(f1, 'received'), reported(f1, 'validated', { summary: null })], at(200))).toBe(0)
      expect((await repo.files(a, s.id))[0]).toMatchObject({ status: 'validated', summary: line.summary, reportedAt: at(100) })
      expect(
        await repo.applyReport(
          a,
          [reported(f1, 'ack_downloaded'), reported(f2, 'unknown', { rawStatus: 'WHATEVER', summary: null })],
          at(300),
        ),
      ).toBe(2)
      expect(await repo.applyReport(a, [reported(f1, 'validated'), reported(f2, 'received')], at(400))).toBe(1)
      const [r1, r2] = await repo.files(a, s.id)
      expect(r1).toMatchObject({ status: 'ack_downloaded', reportedAt: at(300) })
      expect(r2).toMatchObject({ status: 'received', rawStatus: 'RECEIVED', reportedAt: at(400) })
      // Still ready (not every file uploaded): a report does not skip the upload.
      expect((await repo.get(a, s.id))?.state).toBe('ready')
    })

    it('makes a sent submission done when every file is ACK_DOWNLOADED, not before', async () => {
      const { repo, a } = await rtdSetup(make)
      const { s, files } = await aReadySubmission(repo, a, 2)
      const [f1, f2] = files.map((f) => f.fileName) as [string, string]
      // f1 reaches ACK_DOWNLOADED while the submission is still ready: settled by a later report.
      await repo.applyReport(a, [reported(f1, 'ack_downloaded')], at(10))
      await repo.recordUpload(a, f1, UPLOADED, at(20))
      await repo.recordUpload(a, f2, UPLOADED, at(30))
      expect(await repo.applyReport(a, [reported(f2, 'ack_to_download')], at(40))).toBe(1)
      expect((await repo.get(a, s.id))?.state).toBe('sent')
      expect(await repo.applyReport(a, [reported(f2, 'ack_downloaded')], at(50))).toBe(1)
      expect(await repo.get(a, s.id)).toMatchObject({ state: 'done', sentAt: at(30), updatedAt: at(50) })
      expect(await repo.tenantsToFollow(100_000)).not.toContain(a)
      expect(await repo.recordUpload(a, f2, LOST, at(60))).toBe('done')
    })
  })

  describe('errors files and settings', () => {
    it('saves an errors file once; a second save keeps the first content', async () => {
      const { repo, a, b } = await rtdSetup(make)
      const ack = anAck(a)
      expect(await repo.saveAck(ack, 'm;t;fc;acq;1;E01\n')).toBe('created')
      expect(await repo.saveAck({ ...ack, rows: 9 }, 'other')).toBe('exists')
      expect(await repo.ack(a, ack.fileName)).toEqual({ ack, content: 'm;t;fc;acq;1;E01\n' })
      expect(await repo.ack(b, ack.fileName)).toBeNull()
      // Another tenant may hold the same name.
      expect(await repo.saveAck({ ...ack, tenantId: b }, 'theirs')).toBe('created')
      expect((await repo.ack(b, ack.fileName))?.content).toBe('theirs')
    })

    it('confirms an errors file once (the first time stays); lists newest first by tenant', async () => {
      const { repo, a, b } = await rtdSetup(make)
      const old = anAck(a, { downloadedAt: at(0) })
      const recent = anAck(a, { downloadedAt: at(60_000) })
      for (const x of [old, recent, anAck(b)]) await repo.saveAck(x, 'x')
      await repo.confirmAck(a, old.fileName, at(1000))
      await repo.confirmAck(a, old.fileName, at(2000))
      await repo.confirmAck(b, recent.fileName, at(3000))
      expect(await repo.acks(a, 10)).toEqual([recent, { ...old, confirmedAt: at(1000) }])
      expect(await repo.acks(a, 1)).toEqual([recent])
      expect((await repo.acks(b, 10)).map((x) => x.tenantId)).toEqual([b])
    })

    it('puts, reads and replaces settings; lists every configured tenant', async () => {
      const { repo, a, b } = await rtdSetup(make)
      expect(await repo.settings(a)).toBeNull()
      const first = someSettings(a)
      await repo.putSettings(first)
      expect(await repo.settings(a)).toEqual(first)
      const next = someSettings(a, {
        senderCodes: [],
        environment: 'prod',
        subscriptionKeySealed: null,
        pinnedFingerprint: null,
        abiToFiscalCode: {},
        skipLimit: 5,
        updatedAt: at(1000),
      })
      await repo.putSettings(next)
      expect(await repo.settings(a)).toEqual(next)
      expect(await repo.settings(b)).toBeNull()
      const all = await repo.allSettings()
      expect(all.filter((x) => x.tenantId === a)).toEqual([next])
      expect(all.some((x) => x.tenantId === b)).toBe(false)
    })

    it('re-seals a subscription key only while it holds the value read, for that tenant only', async () => {
      const { repo, a, b } = await rtdSetup(make)
      await repo.putSettings(someSettings(a, { subscriptionKeySealed: 'v1.k1.a' }))
      await repo.putSettings(someSettings(b, { subscriptionKeySealed: null }))
      expect(await repo.resealSubscriptionKey(a, 'v1.k1.other', 'v1.k2.a')).toBe(false)
      expect(await repo.resealSubscriptionKey(b, 'v1.k1.a', 'v1.k2.a')).toBe(false)
      expect(await repo.resealSubscriptionKey(a, 'v1.k1.a', 'v1.k2.a')).toBe(true)
      expect(await repo.resealSubscriptionKey(a, 'v1.k1.a', 'v1.k2.b')).toBe(false)
      expect(await repo.settings(a)).toEqual(someSettings(a, { subscriptionKeySealed: 'v1.k2.a' }))
      expect((await repo.settings(b))?.subscriptionKeySealed).toBeNull()
    })

    it('refuses impossible rows (CHECKs), where there is SQL', async (ctx) => {
      const { s, a } = await rtdSetup(make)
      if (!s.exec) return ctx.skip('no SQL: the fake has no constraints')
      const exec = s.exec
      const t = RTD_T0.getTime()
      const insert = (state: string, processedAt: number | null, rejection: string | null) =>
        exec(
          `INSERT INTO rtd_submissions (id, tenant_id, input_name, sender_code, input_size, input_sha256, state, rejection_json,
             has_rejected_file, created_at, processed_at, updated_at) VALUES (?, ?, ?, '12345', 1, 'x', ?, ?, 0, ?, ?, ?)`,
          [crypto.randomUUID(), a, crypto.randomUUID(), state, rejection, t, processedAt, t],
        )
      await insert('received', null, null)
      await expect(insert('lost', null, null)).rejects.toThrow()
      await expect(insert('rejected', t, null)).rejects.toThrow()
      await expect(insert('received', t, null)).rejects.toThrow()
      await expect(insert('ready', t, null)).rejects.toThrow()
      await expect(insert('sent', t, null)).rejects.toThrow()
      await expect(exec("INSERT INTO rtd_settings VALUES (?, '{}', 'prod', NULL, NULL, '{}', 0, 1)", [a])).rejects.toThrow()
      await expect(exec("INSERT INTO rtd_settings VALUES (?, '[]', 'test', NULL, NULL, '{}', 0, 1)", [a])).rejects.toThrow()
      await expect(exec("INSERT INTO rtd_acks VALUES (?, 'f', 1, 1, 1, 1, 'x', 1, NULL)", [a])).rejects.toThrow()
    })
  })
}
