/** The Stripe simulator's webhook endpoints: create (secret shown once), list, retrieve, update, delete, and those given at construction. @module */

import { describe, expect, it } from 'vitest'
import { HOOK_URL, stripeSim } from './sim-client.ts'

const create = (h: ReturnType<typeof stripeSim>, url: string, events: readonly string[]) =>
  h.api('POST', '/v1/webhook_endpoints', [['url', url], ...events.map((e, i) => [`enabled_events[${i}]`, e] as const)])

describe('Stripe simulator: webhook endpoints', () => {
  it('creates an endpoint with its own whsec_ secret, shown only on create', async () => {
    const h = stripeSim()
    const a = await create(h, HOOK_URL, ['checkout.session.completed', 'checkout.session.async_payment_succeeded'])
    const b = await create(h, 'https://other.test/hook', ['*'])
    expect(a).toMatchObject({
      status: 200,
      json: {
        id: expect.stringMatching(/^we_/),
        object: 'webhook_endpoint',
        url: HOOK_URL,
        enabled_events: ['checkout.session.completed', 'checkout.session.async_payment_succeeded'],
        secret: expect.stringMatching(/^whsec_/),
        status: 'enabled',
      },
    })
    expect(b.json['secret']).not.toBe(a.json['secret'])
    const got = await h.api('GET', `/v1/webhook_endpoints/${String(a.json['id'])}`)
    expect(got.json).toMatchObject({ id: a.json['id'], url: HOOK_URL })
    expect(got.json).not.toHaveProperty('secret')
    const list = await h.api('GET', '/v1/webhook_endpoints')
    expect(list.json).toMatchObject({ object: 'list', has_more: false })
    const data = list.json['data'] as Array<Record<string, unknown>>
    expect(data.map((e) => e['id'])).toEqual([b.json['id'], a.json['id']])
    expect(data.every((e) => !('secret' in e))).toBe(true)
  })

  it('refuses a bad url, no enabled_events, and a malformed event type', async () => {
    const h = stripeSim()
    expect(await create(h, 'ftp://x.test/h', ['*'])).toMatchObject({ status: 400, json: { error: { param: 'url' } } })
    expect(await create(h, HOOK_URL, [])).toMatchObject({ status: 400, json: { error: { param: 'enabled_events' } } })
    expect(await create(h, HOOK_URL, ['Checkout Completed'])).toMatchObject({ status: 400, json: { error: { param: 'enabled_events' } } })
    expect((await h.api('GET', '/v1/webhook_endpoints')).json['data']).toEqual([])
  })

  it('updates and deletes an endpoint; an unknown id is 404 resource_missing', async () => {
    const h = stripeSim()
    const id = String((await create(h, HOOK_URL, ['*'])).json['id'])
    const updated = await h.api('POST', `/v1/webhook_endpoints/${id}`, [
      ['enabled_events[0]', 'checkout.session.completed'],
      ['disabled', 'true'],
    ])
    expect(updated.json).toMatchObject({ enabled_events: ['checkout.session.completed'], status: 'disabled' })
    expect(await h.api('DELETE', `/v1/webhook_endpoints/${id}`)).toEqual({
      status: 200,
      json: { id, object: 'webhook_endpoint', deleted: true },
    })
    expect(await h.api('DELETE', `/v1/webhook_endpoints/${id}`)).toMatchObject({
      status: 404,
      json: { error: { code: 'resource_missing' } },
    })
    expect((await h.api('GET', `/v1/webhook_endpoints/${id}`)).status).toBe(404)
  })

  it('needs the secret key like the rest of /v1', async () => {
    const h = stripeSim()
    const res = await h.simFetch(`${h.base}/v1/webhook_endpoints`)
    expect(res.status).toBe(401)
  })

  it('starts with the endpoints given at construction, with the secret given', async () => {
    const h = stripeSim({ webhookEndpoints: [{ url: HOOK_URL, secret: 'whsec_given', enabledEvents: ['checkout.session.completed'] }] })
    const data = (await h.api('GET', '/v1/webhook_endpoints')).json['data']
    expect(data).toEqual([expect.objectContaining({ url: HOOK_URL, enabled_events: ['checkout.session.completed'], status: 'enabled' })])
  })
})
