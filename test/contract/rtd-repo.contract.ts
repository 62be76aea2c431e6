/**
 * The RtdRepo contract (ports/rtd-repo.port.ts), part one: create with its per-tenant unique input
 * name, tenant-scoped reads, the newest-first list with its opaque cursor and state filter, claim
 * leases (never the same submission twice at once, again after release or expiry, never a final or
 * sent one), and the moves out of `received`, each allowed once. Part two (uploads, file reports,
 * errors files, settings, CHECKs) is ./rtd-repo-files.contract.ts; {@link rtdRepoContract} runs both.
 * Runtime-neutral: the in-memory fake, libSQL in Node (embedded, file with two connections, sqld)
 * and sqld from workerd.
 * @module
 */

import { describe, expect, it } from 'vitest'
import type { RtdRejection, RtdSubmission } from '../../core/rtd/submission.ts'
import type { RtdRepo } from '../../ports/rtd-repo.port.ts'
import { adeFiles, aReadySubmission, aSubmission, at, type MakeRtdRepo, olderEra, PROCESSED, RTD_T0, rtdSetup } from './rtd-repo.harness.ts'
import { rtdRepoFilesContract } from './rtd-repo-files.contract.ts'

const REJECTION: RtdRejection = { code: 'bad_row', message: 'amount is not a number', line: 12, column: 9, field: 'amount' }

/** Submissions of `tenantId` created one minute apart from `from`, stored. */
async function stored(repo: RtdRepo, tenantId: string, n: number, from: Date, over: Partial<RtdSubmission> = {}) {
  const out: RtdSubmission[] = []
  for (let i = 0; i < n; i++) {
    const s = aSubmission(tenantId, { createdAt: new Date(from.getTime() + i * 60_000), ...over })
    expect(await repo.create(s)).toBe('created')
    out.push(s)
  }
  return out
}

const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id)
const only = (xs: readonly RtdSubmission[], tenants: readonly string[]) => xs.filter((x) => tenants.includes(x.tenantId))

export function rtdRepoContract(name: string, make: MakeRtdRepo) {
  describe(`RtdRepo contract: ${name}`, () => {
    it('creates a submission and reads it back as given; the same input name again is a duplicate for that tenant only', async () => {
      const { repo, a, b } = await rtdSetup(make)
      const s = aSubmission(a)
      expect(await repo.create(s)).toBe('created')
      expect(await repo.get(a, s.id)).toEqual(s)
      const again = aSubmission(a, { inputName: s.inputName, inputSize: 1 })
      expect(await repo.create(again)).toBe('duplicate')
      expect(await repo.get(a, again.id)).toBeNull()
      expect(await repo.get(a, s.id)).toEqual(s)
      const theirs = aSubmission(b, { inputName: s.inputName })
      expect(await repo.create(theirs)).toBe('created')
      expect(await repo.get(b, theirs.id)).toEqual(theirs)
    })

    it('refuses to create a submission in any state but received', async () => {
      const { repo, a } = await rtdSetup(make)
      const s = aSubmission(a, { state: 'ready' })
      await expect(repo.create(s)).rejects.toThrow()
      expect(await repo.get(a, s.id)).toBeNull()
    })

    it("scopes get, files and list by tenant: another tenant's id reads as nothing", async () => {
      const { repo, a, b } = await rtdSetup(make)
      const { s, files } = await aReadySubmission(repo, a, 2)
      expect((await repo.files(a, s.id)).map((f) => f.fileName)).toEqual(files.map((f) => f.fileName))
      expect(await repo.get(b, s.id)).toBeNull()
      expect(await repo.files(b, s.id)).toEqual([])
      expect(await repo.list(b, { limit: 10 })).toEqual({ items: [], nextCursor: null })
      expect(await repo.get(a, crypto.randomUUID())).toBeNull()
    })

    it('lists newest first (createdAt, then id), page by page with an opaque cursor, and filters by state', async () => {
      const { repo, a, b } = await rtdSetup(make)
      const subs = await stored(repo, a, 4, RTD_T0)
      // Two at the same instant: the id breaks the tie.
      const twins = [aSubmission(a, { createdAt: at(3 * 60_000) }), aSubmission(a, { createdAt: at(3 * 60_000) })]
      for (const t of twins) expect(await repo.create(t)).toBe('created')
      await stored(repo, b, 2, at(3_600_000))
      const all = [...subs, ...twins].sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (x.id < y.id ? 1 : -1))

      const seen: RtdSubmission[] = []
      let cursor: string | undefined
      for (let page = 0; page < 10; page++) {
        const p = await repo.list(a, { limit: 4, ...(cursor === undefined ? {} : { cursor }) })
        seen.push(...p.items)
        if (p.nextCursor === null) break
        expect(p.items).toHaveLength(4)
        cursor = p.nextCursor
      }
      expect(ids(seen)).toEqual(ids(all))

      expect(await repo.markRejected(a, subs[1]?.id ?? '', REJECTION, {}, at(10_000))).toBe(true)
      const rejected = await repo.list(a, { state: 'rejected', limit: 10 })
      expect(ids(rejected.items)).toEqual([subs[1]?.id])
      expect(rejected.nextCursor).toBeNull()
      expect(ids((await repo.list(a, { state: 'received', limit: 10 })).items)).toEqual(ids(all.filter((s) => s.id !== subs[1]?.id)))
      expect(await repo.list(a, { state: 'done', limit: 10 })).toEqual({ items: [], nextCursor: null })
    })

    it('answers an empty page for a cursor it did not make', async () => {
      const { repo, a } = await rtdSetup(make)
      await stored(repo, a, 2, RTD_T0)
      for (const cursor of ['nonsense!', 'bm9wZQ', '', btoa('12|').replace(/=+$/, '')]) {
        expect(await repo.list(a, { limit: 10, cursor })).toEqual({ items: [], nextCursor: null })
      }
    })

    it('claims received and ready submissions oldest first, each leased to one caller at a time', async () => {
      const { repo, other, a, b } = await rtdSetup(make)
      const from = olderEra()
      const mine = [...(await stored(repo, a, 3, from)), ...(await stored(repo, b, 3, new Date(from.getTime() + 30_000)))]
      const oldest = [...mine].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime())
      const now = at(0)
      const first = await repo.claim(now, 60_000, 2)
      expect(ids(first)).toEqual(ids(oldest.slice(0, 2)))
      expect(first[0]).toEqual(oldest[0])

      // Two callers at once (two connections where the storage has them): no submission twice.
      const racing = await Promise.all([repo, other, repo, other].map((r) => r.claim(now, 60_000, 1)))
      const taken = racing.flatMap((r) => ids(only(r, [a, b])))
      expect(new Set(taken).size).toBe(taken.length)
      expect(taken.sort()).toEqual(ids(oldest.slice(2)).sort())
      // Everything of ours is leased: nothing of ours is claimable until the lease ends.
      expect(only(await repo.claim(at(59_999), 60_000, 1000), [a, b])).toEqual([])
    })

    it('claims again after release or when the lease has run out', async () => {
      const { repo, a } = await rtdSetup(make)
      const [s1, s2] = await stored(repo, a, 2, olderEra())
      if (!s1 || !s2) throw new Error('setup')
      expect(ids(only(await repo.claim(at(0), 60_000, 1000), [a]))).toEqual([s1.id, s2.id])
      await repo.release(a, s1.id)
      expect(ids(only(await repo.claim(at(1000), 60_000, 1000), [a]))).toEqual([s1.id])
      expect(ids(only(await repo.claim(at(60_000), 60_000, 1000), [a]))).toEqual([s2.id])
      expect(only(await repo.claim(at(60_500), 60_000, 1000), [a])).toEqual([])
    })

    it('never claims a rejected, sent or done submission; claims a ready one', async () => {
      const { repo, a } = await rtdSetup(make)
      const era = olderEra()
      const [rejected] = await stored(repo, a, 1, era)
      await repo.markRejected(a, rejected?.id ?? '', REJECTION, {}, at(0))
      const ready = await aReadySubmission(repo, a, 1, { createdAt: new Date(era.getTime() + 1000) })
      const sent = await aReadySubmission(repo, a, 1, { createdAt: new Date(era.getTime() + 2000) })
      const file = sent.files[0]?.fileName ?? ''
      expect(await repo.recordUpload(a, file, { upload: 'uploaded', attempts: 1, error: null }, at(0))).toBe('sent')
      const done = await aReadySubmission(repo, a, 1, { createdAt: new Date(era.getTime() + 3000) })
      const doneFile = done.files[0]?.fileName ?? ''
      await repo.recordUpload(a, doneFile, { upload: 'already_there', attempts: 2, error: null }, at(0))
      await repo.applyReport(a, [{ ...reportLine(doneFile) }], at(0))
      expect((await repo.get(a, done.s.id))?.state).toBe('done')
      expect(ids(only(await repo.claim(at(0), 60_000, 1000), [a]))).toEqual([ready.s.id])
    })

    it('moves received → ready once, with its processing results and pending files', async () => {
      const { repo, a, b } = await rtdSetup(make)
      const s = aSubmission(a)
      await repo.create(s)
      const files = adeFiles(s, 3)
      expect(await repo.markReady(b, s.id, PROCESSED, files, at(5000))).toBe(false)
      expect(await repo.markReady(a, s.id, PROCESSED, files, at(5000))).toBe(true)
      const ready = { ...s, ...PROCESSED, state: 'ready', processedAt: at(5000), updatedAt: at(5000) }
      expect(await repo.get(a, s.id)).toEqual(ready)
      const stored1 = await repo.files(a, s.id)
      expect(stored1).toEqual(
        files.map((f) => ({
          ...f,
          submissionId: s.id,
          tenantId: a,
          upload: 'pending',
          attempts: 0,
          lastError: null,
          uploadedAt: null,
          status: null,
          rawStatus: null,
          summary: null,
          reportedAt: null,
        })),
      )
      // A second call (a retry, another worker) changes nothing, whatever it carries.
      expect(await repo.markReady(a, s.id, { ...PROCESSED, rowsRead: 1 }, adeFiles(s, 1), at(9000))).toBe(false)
      expect(await repo.markRejected(a, s.id, REJECTION, {}, at(9000))).toBe(false)
      expect(await repo.get(a, s.id)).toEqual(ready)
      expect(await repo.files(a, s.id)).toEqual(stored1)
    })

    it('moves received → rejected once, with the rejection and what was read', async () => {
      const { repo, a, b } = await rtdSetup(make)
      const s = aSubmission(a)
      await repo.create(s)
      expect(await repo.markRejected(b, s.id, REJECTION, {}, at(5000))).toBe(false)
      expect(await repo.markRejected(a, s.id, REJECTION, { rowsRead: 12, rejectedRows: 1 }, at(5000))).toBe(true)
      const rejected = {
        ...s,
        state: 'rejected',
        rejection: REJECTION,
        rowsRead: 12,
        rejectedRows: 1,
        processedAt: at(5000),
        updatedAt: at(5000),
      }
      expect(await repo.get(a, s.id)).toEqual(rejected)
      expect(await repo.markRejected(a, s.id, { ...REJECTION, code: 'other' }, {}, at(9000))).toBe(false)
      expect(await repo.markReady(a, s.id, PROCESSED, adeFiles(s, 1), at(9000))).toBe(false)
      expect(await repo.get(a, s.id)).toEqual(rejected)
      expect(await repo.files(a, s.id)).toEqual([])
    })

    rtdRepoFilesContract(make)
  })
}

const reportLine = (fileName: string) => ({
  fileName,
  size: 1,
  status: 'ack_downloaded' as const,
  rawStatus: 'ACK_DOWNLOADED',
  transmittedAt: '2026-03-02T10:00:00',
  summary: null,
})
