/**
 * Handlers of the SDI service (`/sdi`) and of OpenAPI.it's callbacks (`/webhooks/openapi-sdi`):
 * one use-case call each. Suspended or expired tenants get 402 (edge/middleware/billing-gate.ts).
 * @module
 */

import { OpenAPIHono } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { receiveSdiCallback } from '../../core/sdi/callback.ts'
import { isFinal, type SdiNotificationRecord, type SdiTransmission } from '../../core/sdi/model.ts'
import { getNotification, listTransmissions, readTransmission } from '../../core/sdi/queries.ts'
import { transmit } from '../../core/sdi/transmit.ts'
import { getNotificationRoute, getTransmissionRoute, listTransmissionsRoute, sdiCallbackRoute, trasmettiRoute } from '../../openapi/sdi.ts'
import type { AppEnv } from '../context.ts'
import { DomainFailure, unwrap } from '../failure.ts'
import { requireRole } from '../middleware/auth.ts'
import { validationHook } from '../validation.ts'
import { webhookInput } from '../webhook-input.ts'
import { decodeBase64Field, FATTURAPA_MAX_BODY } from './fatturapa.ts'

const iso = (d: Date | null) => (d === null ? null : d.toISOString())

export const wireNotification = (n: SdiNotificationRecord) => ({
  n: n.n,
  tipo: n.type,
  ricevuta_at: n.receivedAt.toISOString(),
  file_name: n.fileName,
  identificativo_sdi: n.parsed.identificativoSdi,
  esito: n.parsed.esito,
  errori: n.parsed.errori.map((e) => ({ codice: e.codice, descrizione: e.descrizione, suggerimento: e.suggerimento })),
  descrizione: n.parsed.descrizione,
  url: `/sdi/${n.transmissionId}/notifiche/${n.n}`,
})

export const wireTransmission = (t: SdiTransmission) => ({
  sdi_id: t.id,
  stato: t.state,
  esito: t.esito,
  finale: isFinal(t),
  trasmessa_at: iso(t.sentAt),
  fattura_numero: t.fatturaNumero,
  tentativo: t.attempt,
  precedente_sdi_id: t.previousId,
  file_name: t.fileName,
  formato: t.formato,
  progressivo_invio: t.progressivoInvio,
  hash_sha256: t.xmlSha256,
  identificativo_sdi: t.identificativoSdi,
  remote_id: t.remoteId,
  marking: t.marking,
  errore: t.error,
  created_at: t.createdAt.toISOString(),
  updated_at: t.updatedAt.toISOString(),
})

export function sdiRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.use(
    '/sdi/trasmetti',
    bodyLimit({
      maxSize: FATTURAPA_MAX_BODY,
      onError: () => {
        throw new HTTPException(413, { message: 'the body is larger than 8 MB' })
      },
    }),
  )

  app.openapi(trasmettiRoute, async (c) => {
    const principal = requireRole(c, 'operator')
    const body = c.req.valid('json')
    if (body.tenant_code !== undefined && body.tenant_code !== principal.tenantId)
      throw new DomainFailure({ code: 'validation', issues: [{ path: 'tenant_code', message: 'is not the tenant of the API key' }] })
    const xml = decodeBase64Field(body.xml_base64)
    const deps = c.get('deps').sdi
    const r = unwrap(await transmit(deps, { tenantId: principal.tenantId, fatturaNumero: body.fattura_numero, xml }))
    const notifiche = (await deps.store.notifications(principal.tenantId, r.transmission.id)).map(wireNotification)
    return c.json({ success: true as const, ...wireTransmission(r.transmission), notifiche }, r.created ? 201 : 200)
  })

  app.openapi(listTransmissionsRoute, async (c) => {
    const principal = requireRole(c, 'viewer')
    const q = c.req.valid('query')
    const page = await listTransmissions(c.get('deps').sdi, principal.tenantId, {
      limit: q.limit,
      ...(q.stato ? { state: q.stato } : {}),
      ...(q.from ? { from: new Date(q.from) } : {}),
      ...(q.to ? { to: new Date(q.to) } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
    })
    return c.json({ success: true as const, data: page.items.map(wireTransmission), next_cursor: page.nextCursor }, 200)
  })

  app.openapi(getTransmissionRoute, async (c) => {
    const principal = requireRole(c, 'viewer')
    const v = unwrap(await readTransmission(c.get('deps').sdi, principal.tenantId, c.req.valid('param').sdi_id))
    return c.json({ success: true as const, ...wireTransmission(v.transmission), notifiche: v.notifications.map(wireNotification) }, 200)
  })

  app.openapi(getNotificationRoute, async (c) => {
    const principal = requireRole(c, 'viewer')
    const { sdi_id, n } = c.req.valid('param')
    const found = unwrap(await getNotification(c.get('deps').sdi, principal.tenantId, sdi_id, n))
    return c.body(found.xml, 200, {
      'content-type': 'application/xml; charset=utf-8',
      'content-disposition': `attachment; filename="${(found.fileName ?? `${sdi_id}_${found.type}_${n}.xml`).replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    })
  })

  app.openapi(sdiCallbackRoute, async (c) => {
    const input = await webhookInput(c)
    const r = unwrap(await receiveSdiCallback(c.get('deps').sdi, input))
    const t = r.subject
    return c.json({ received: true as const, outcome: r.outcome, sdi_id: t?.id ?? null, stato: t?.state ?? null }, 200)
  })

  return app
}
