/**
 * The SdiTransmitter contract (ports/sdi-transmitter.port.ts): every adapter, against its far side,
 * passes these cases. The rule that matters most: a send whose answer is lost is `unknown`, never
 * `refused`, and the file is then found by `lookup`, taken exactly once. Runtime-neutral (no node:
 * imports): Node and workerd run the same cases.
 * @module
 */

import { describe, expect } from 'vitest'
import type { SdiNotificationType, SdiTransmitter } from '../../ports/sdi-transmitter.port.ts'
import type { TestInvoice } from '../adapters/openapi-sdi/invoices.ts'
import { caseRunner, type Skips } from './matrix.ts'
import type { SignedDelivery } from './payment-provider.contract.ts'

export type SdiHarness = {
  readonly transmitter: SdiTransmitter
  /** A valid invoice with a file name not used before. */
  readonly invoice: (kind?: 'b2b' | 'pa') => Promise<TestInvoice>
  /** Not well-formed XML. */
  readonly malformedXml: string
  /** A well-formed FatturaPA that fails the schema. */
  readonly schemaInvalid: () => Promise<string>
  /** The far side answers the next send with `status`, doing nothing. */
  readonly failNextSend: (status: number) => void
  /** The far side never answers the next send; `after`: it takes the file first. */
  readonly hangNextSend: (after: boolean) => void
  /** The far side takes the next file, then loses the answer (`error`: a 500; `abort`: the connection is cut). */
  readonly dropNextSend: (mode: 'error' | 'abort') => void
  /** The same transmitter with a timeout far shorter than a hang. */
  readonly slow: () => SdiTransmitter
  /** Every token the far side issued stops working now. */
  readonly expireTokens: () => void
  readonly tokensIssued: () => number
  /** Files the far side took, answered or not. */
  readonly accepted: () => number
  /** SDI sends a notification about the invoice (the far side's own path, e.g. the sandbox's simulate). */
  readonly notify: (remoteId: string, type: SdiNotificationType, esito?: 'EC01' | 'EC02') => Promise<void>
  /** The last callback the far side delivered (headers in lower case). */
  readonly lastCallback: () => SignedDelivery | null
  readonly callbackHeader: string
}

export type SdiCase =
  | 'send'
  | 'refused-malformed'
  | 'refused-invalid'
  | 'refused-duplicate'
  | 'unknown-5xx'
  | 'unknown-hang'
  | 'unknown-drop'
  | 'token-expiry'
  | 'notifications'
  | 'callback'
  | 'get-unknown'

export type SdiContractOptions = { readonly name: string; readonly make: () => Promise<SdiHarness>; readonly skip?: Skips<SdiCase> }

const RECEIVED_AT = new Date('2026-11-23T10:00:05Z')

async function accepted(h: SdiHarness, inv: TestInvoice): Promise<string> {
  const sent = await h.transmitter.send(inv.xml)
  if (sent.kind !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(sent)}`)
  return sent.remoteId
}

export function runSdiTransmitterContract(o: SdiContractOptions): void {
  const run = caseRunner(o.skip)

  describe(`SdiTransmitter contract: ${o.name}`, () => {
    run('send', 'takes a valid file, and get and lookup find it by its file name', async () => {
      const h = await o.make()
      const inv = await h.invoice()
      const remoteId = await accepted(h, inv)
      const got = await h.transmitter.get(remoteId)
      expect(got).toMatchObject({ ok: true, value: { remoteId, fileName: inv.fileName } })
      expect(await h.transmitter.lookup(inv.query)).toMatchObject({ ok: true, value: [{ remoteId, fileName: inv.fileName }] })
      expect(h.accepted()).toBe(1)
    })

    run('refused-malformed', 'refuses XML that is not well-formed, with a code, and takes nothing', async () => {
      const h = await o.make()
      const sent = await h.transmitter.send(h.malformedXml)
      expect(sent.kind).toBe('refused')
      expect(sent.kind === 'refused' && sent.code).toBeTruthy()
      expect(h.accepted()).toBe(0)
    })

    run('refused-invalid', 'refuses a schema-invalid file with its message, and takes nothing', async () => {
      const h = await o.make()
      const sent = await h.transmitter.send(await h.schemaInvalid())
      expect(sent).toMatchObject({ kind: 'refused', message: expect.stringMatching(/Divisa|DatiGeneraliDocumento/) })
      expect(h.accepted()).toBe(0)
    })

    run('refused-duplicate', 'refuses a second file with a file name already taken', async () => {
      const h = await o.make()
      const inv = await h.invoice()
      await accepted(h, inv)
      expect(await h.transmitter.send(inv.xml)).toMatchObject({ kind: 'refused' })
      expect(h.accepted()).toBe(1)
    })

    run('unknown-5xx', 'a 5xx is unknown, never refused; nothing was taken, so lookup finds nothing', async () => {
      const h = await o.make()
      const inv = await h.invoice()
      h.failNextSend(503)
      expect(await h.transmitter.send(inv.xml)).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('503') })
      expect(h.accepted()).toBe(0)
      expect(await h.transmitter.lookup(inv.query)).toEqual({ ok: true, value: [] })
    })

    run('unknown-hang', 'no answer in time is unknown, whether or not the file was taken; lookup tells which', async () => {
      const h = await o.make()
      const [lost, taken] = [await h.invoice(), await h.invoice()]
      h.hangNextSend(false)
      expect(await h.slow().send(lost.xml)).toMatchObject({ kind: 'unknown' })
      expect(await h.transmitter.lookup(lost.query)).toEqual({ ok: true, value: [] })
      h.hangNextSend(true)
      expect(await h.slow().send(taken.xml)).toMatchObject({ kind: 'unknown' })
      const found = await h.transmitter.lookup(taken.query)
      expect(found).toMatchObject({ ok: true, value: [{ fileName: taken.fileName }] })
      expect(h.accepted()).toBe(1)
    })

    run('unknown-drop', 'an answer lost after the file was taken is unknown; lookup finds it, taken exactly once', async () => {
      const h = await o.make()
      for (const mode of ['error', 'abort'] as const) {
        const inv = await h.invoice()
        const before = h.accepted()
        h.dropNextSend(mode)
        expect(await h.transmitter.send(inv.xml)).toMatchObject({ kind: 'unknown' })
        expect(h.accepted()).toBe(before + 1)
        const found = await h.transmitter.lookup(inv.query)
        expect(found.ok && found.value.map((r) => r.fileName)).toEqual([inv.fileName])
        const remoteId = found.ok ? found.value[0]?.remoteId : undefined
        expect(remoteId && (await h.transmitter.get(remoteId))).toMatchObject({ ok: true, value: { fileName: inv.fileName } })
      }
      expect(h.accepted()).toBe(2)
    })

    run('token-expiry', 'a token that stops working mid-run is replaced once, and the call succeeds', async () => {
      const h = await o.make()
      const remoteId = await accepted(h, await h.invoice())
      const tokens = h.tokensIssued()
      h.expireTokens()
      expect(await h.transmitter.get(remoteId)).toMatchObject({ ok: true, value: { remoteId } })
      expect(await h.transmitter.get(remoteId)).toMatchObject({ ok: true, value: { remoteId } })
      expect(h.tokensIssued()).toBe(tokens + 1)
      h.expireTokens()
      await accepted(h, await h.invoice())
      expect(h.tokensIssued()).toBe(tokens + 2)
    })

    run('notifications', 'lists every notification oldest first, each with its raw XML', async () => {
      const h = await o.make()
      const remoteId = await accepted(h, await h.invoice('pa'))
      expect(await h.transmitter.notifications(remoteId)).toEqual({ ok: true, value: [] })
      await h.notify(remoteId, 'RC')
      await h.notify(remoteId, 'NE', 'EC01')
      const read = await h.transmitter.notifications(remoteId)
      if (!read.ok) throw new Error(read.reason)
      expect(read.value.map((n) => n.type)).toEqual(['RC', 'NE'])
      expect(read.value[0]?.xml).toMatch(/<([\w-]+:)?RicevutaConsegna[\s>]/)
      expect(read.value[1]?.xml).toMatch(/<([\w-]+:)?NotificaEsito[\s>]/)
      expect(read.value[1]?.xml).toContain('EC01')
      expect(new Set(read.value.map((n) => n.remoteId)).size).toBe(2)
      expect(read.value[0]?.fileName).toMatch(/_RC_\d{3}\.xml$/)
    })

    run('callback', 'verifies a callback by its header (constant time), refuses a wrong or missing one and a malformed body', async () => {
      const h = await o.make()
      const remoteId = await accepted(h, await h.invoice())
      await h.notify(remoteId, 'RC')
      const delivery = h.lastCallback()
      if (!delivery) throw new Error('no callback was delivered')
      const input = (d: SignedDelivery) => ({ ...d, receivedAt: RECEIVED_AT })
      const verified = await h.transmitter.verifyCallback(input(delivery))
      const listed = await h.transmitter.notifications(remoteId)
      const rc = listed.ok ? listed.value[0] : undefined
      expect(verified).toEqual({ ok: true, value: { dedupeKey: rc?.remoteId, remoteId, type: 'RC', createdAt: rc?.createdAt } })
      const header = h.callbackHeader.toLowerCase()
      const wrong = { ...delivery, headers: { ...delivery.headers, [header]: 'not-the-secret' } }
      expect(await h.transmitter.verifyCallback(input(wrong))).toMatchObject({ ok: false, error: { kind: 'invalid_signature' } })
      const { [header]: _dropped, ...without } = delivery.headers
      expect(await h.transmitter.verifyCallback(input({ ...delivery, headers: without }))).toMatchObject({
        ok: false,
        error: { kind: 'invalid_signature' },
      })
      const broken = { ...delivery, rawBody: '{"event":"customer-notification","data":' }
      expect(await h.transmitter.verifyCallback(input(broken))).toMatchObject({ ok: false, error: { kind: 'malformed' } })
    })

    run('get-unknown', 'get of an id the far side does not know is null, not an error', async () => {
      const h = await o.make()
      expect(await h.transmitter.get('00000000-0000-4000-8000-00000000dead')).toEqual({ ok: true, value: null })
    })
  })
}
