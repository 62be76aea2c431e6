/**
 * Reading back what OpenAPI.it holds (spec fatturapa.md §6.2): one invoice by uuid, the invoices
 * matching a lost send (`GET /invoices?type=0&invoiceNumber=&sender=`, then matched here on the
 * file name, else on number and date), and the notifications of an invoice, each fetched again
 * with `Accept: application/xml` for the XML exactly as SDI wrote it. A read that fails says why and
 * nothing else; notification types a sender never gets (MT, EC, SE) are left out.
 * @module
 */

import type { LookupQuery, Read, RemoteInvoice, RemoteNotification } from '../../ports/sdi-transmitter.port.ts'
import { readJson, type Schema } from '../shared/wire.ts'
import type { Called, OpenapiClient } from './client.ts'
import { errorReason, isNotificationType, numberAndDate, timeOf, toRemoteInvoice } from './map.ts'
import { type Invoice, InvoiceAnswer, InvoiceList, NotificationList } from './wire.ts'

/** Pages of `GET /invoices` read by one lookup at most. */
export const LOOKUP_MAX_PAGES = 10

type Body<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string } | { readonly ok: null }

const failed = (reason: string): { readonly ok: false; readonly reason: string } => ({ ok: false, reason })

/** A 200 read with `schema`; 404 is `{ok: null}`; anything else a failure. */
function bodyOf<T>(called: Called, schema: Schema<T>, what: string): Body<T> {
  if (called.kind !== 'reply') return failed(called.reason)
  if (called.reply.status === 404) return { ok: null }
  if (called.reply.status !== 200) return failed(`OpenAPI.it ${what}: ${errorReason(called.reply)}`)
  const read = readJson(called.reply.body, schema, () => `OpenAPI.it ${what}: an answer this adapter cannot read`)
  return read.kind === 'ok' ? { ok: true, value: read.value } : failed(read.reason)
}

function remote(inv: Invoice): Read<RemoteInvoice> {
  const r = toRemoteInvoice(inv)
  return r ? { ok: true, value: r } : failed(`OpenAPI.it invoice ${inv.uuid}: created_at ${inv.created_at} cannot be read`)
}

export async function getInvoice(client: OpenapiClient, remoteId: string): Promise<Read<RemoteInvoice | null>> {
  const got = bodyOf(await client.call({ method: 'GET', path: `/invoices/${encodeURIComponent(remoteId)}` }, 'get'), InvoiceAnswer, 'get')
  if (got.ok === null) return { ok: true, value: null }
  return got.ok ? remote(got.value.data) : got
}

export async function lookupInvoices(client: OpenapiClient, q: LookupQuery): Promise<Read<readonly RemoteInvoice[]>> {
  const all = new Map<string, Invoice>()
  for (let page = 1; page <= LOOKUP_MAX_PAGES; page++) {
    const query = new URLSearchParams({ type: '0', invoiceNumber: q.invoiceNumber, sender: q.senderId, page: String(page) })
    const got = bodyOf(await client.call({ method: 'GET', path: `/invoices?${query}` }, 'lookup'), InvoiceList, 'lookup')
    if (got.ok === false) return got
    const fresh = (got.ok ? got.value.data : []).filter((i) => !all.has(i.uuid))
    if (fresh.length === 0) break
    for (const i of fresh) all.set(i.uuid, i)
  }
  const byName = [...all.values()].filter((i) => i.sdi_file_name === q.fileName)
  const candidates = byName.length > 0 ? byName : [...all.values()].filter((i) => sameDocument(i, q))
  const out: RemoteInvoice[] = []
  for (const i of candidates) {
    const r = remote(i)
    if (!r.ok) return r
    out.push(r.value)
  }
  return { ok: true, value: out }
}

function sameDocument(i: Invoice, q: LookupQuery): boolean {
  const { numero, data } = numberAndDate(i)
  return numero === q.invoiceNumber && data === q.invoiceDate
}

export async function listNotifications(client: OpenapiClient, remoteId: string): Promise<Read<readonly RemoteNotification[]>> {
  const id = encodeURIComponent(remoteId)
  const got = bodyOf(
    await client.call({ method: 'GET', path: `/invoices_notifications/${id}` }, 'notifications'),
    NotificationList,
    'notifications',
  )
  if (got.ok === null) return failed(`OpenAPI.it notifications: invoice ${remoteId} not found`)
  if (!got.ok) return got
  const out: RemoteNotification[] = []
  for (const n of got.value.data) {
    if (!isNotificationType(n.type)) continue
    const createdAt = timeOf(n.created_at)
    if (createdAt === null) return failed(`OpenAPI.it notification ${n.uuid}: created_at cannot be read`)
    const called = await client.call(
      { method: 'GET', path: `/invoices_notifications/${id}/${encodeURIComponent(n.uuid)}`, headers: { accept: 'application/xml' } },
      'notification XML',
    )
    if (called.kind !== 'reply') return failed(called.reason)
    if (called.reply.status !== 200) return failed(`OpenAPI.it notification XML ${n.uuid}: ${errorReason(called.reply)}`)
    if (!called.reply.body.trimStart().startsWith('<')) return failed(`OpenAPI.it notification XML ${n.uuid}: the answer is not XML`)
    out.push({ remoteId: n.uuid, type: n.type, createdAt, fileName: n.file_name ?? null, xml: called.reply.body })
  }
  // Oldest first; the sort is stable, so equal times keep OpenAPI.it's order.
  return { ok: true, value: out.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()) }
}
