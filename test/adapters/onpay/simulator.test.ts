import { describe, expect, it } from 'vitest'
import { SANDBOX_ONPAY } from '../../../sandbox/onpay/index.ts'
import { SIM_BASE, simHarness } from './harness.ts'

const msp = { key: SANDBOX_ONPAY.key, gateway: 'multisafepay', ...SANDBOX_ONPAY.gateways.multisafepay }
const link = { ...msp, extId: 'PROVA1', orderAmount: '5000', orderCurrency: 'EUR', orderDescription: 'testIOS', expDate: '2026-12-30' }

describe('OnPay simulator', () => {
  it('accepts multipart bodies as in the manual curl -F example, and paths without the trailing slash', async () => {
    const { simFetch } = simHarness()
    const body = new FormData()
    for (const [k, v] of Object.entries(link)) body.set(k, v)
    const res = await simFetch(`${SIM_BASE}/get_link`, { method: 'POST', body })
    expect(await res.json()).toMatchObject({
      success: 'true',
      extId: 'PROVA1',
      orderId: expect.any(String),
      link: expect.stringContaining('/pay/'),
    })
  })

  it.each([
    [{ orderCurrency: 'USD' }, /Valuta USD/],
    [{ orderDescription: 'no #special' }, /alfanumerici/],
    [{ expDate: '2020-01-01 00:00:00' }, /passato/],
    [{ orderAmount: '10.50' }, /orderAmount/],
    [{ key: 'x' }, /Chiave OnPay non valida/],
  ])('refuses %j', async (over, message) => {
    const { simFetch } = simHarness()
    const res = await simFetch(`${SIM_BASE}/get_link/`, { method: 'POST', body: new URLSearchParams({ ...link, ...over }) })
    const json = (await res.json()) as { success: string; error: string; link: null }
    expect(json).toMatchObject({ success: 'false', link: null })
    expect(json.error).toMatch(message)
  })

  it('returns only completed notifications by default, the circuit status with allnotifications=true', async () => {
    const { simFetch, sim } = simHarness()
    await simFetch(`${SIM_BASE}/get_link/`, { method: 'POST', body: new URLSearchParams(link) })
    sim.control.notify('PROVA1', 'declined')
    await simFetch('http://sim.test/sandbox/onpay/test/links/PROVA1/pay', { method: 'POST' })
    const read = async (all: boolean) =>
      (await (
        await simFetch(`${SIM_BASE}/get_notifications/`, {
          method: 'POST',
          body: new URLSearchParams({ ...msp, extId: 'PROVA1', allnotifications: String(all) }),
        })
      ).json()) as {
        notifications: { status: string; orderAmount: string }[]
      }
    expect((await read(false)).notifications.map((n) => n.status)).toEqual(['completed'])
    expect((await read(true)).notifications.map((n) => n.status)).toEqual(['declined', 'completed'])
  })
})
