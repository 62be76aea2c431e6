/**
 * What the SIGKILL tests of the invoice and webhook flows share: a burst of requests cut by a kill once
 * some have answered (the kill lands among the rest, wherever they are), and Agile billing set up over
 * HTTP on a crash gateway (tenants and the operator made in-process as the CLI makes them; an operator tenant with the cedente and bank-transfer settings, customers with
 * their invoicing data), read back through `GET /billing/status` of whichever server is running now.
 * @module
 */

import { expect } from 'vitest'
import { setBillingOperator } from '../../../core/billing/settings-store.ts'
import { B2B_CUSTOMER } from '../../contract/billing-routes.contract.ts'
import type { CrashGateway } from './crash-gateway.ts'

// biome-ignore lint/suspicious/noExplicitAny: tests read deep fields of untyped JSON bodies.
export type Json = Record<string, any>
export type Answer = { status: number; json: Json; text: string }

/** Starts `n` requests at once; SIGKILL once `answeredBeforeKill` answered. null: no answer (killed). */
export async function burstThenKill(
  gw: CrashGateway,
  n: number,
  answeredBeforeKill: number,
  send: (i: number) => Promise<Answer>,
): Promise<Array<Answer | null>> {
  let answered = 0
  let enough = () => {}
  const reached = new Promise<void>((r) => {
    enough = r
  })
  const all = Array.from({ length: n }, (_, i) =>
    send(i).then(
      (a) => {
        if (++answered >= answeredBeforeKill) enough()
        return a
      },
      () => null,
    ),
  )
  await Promise.race([reached, Promise.all(all)])
  await gw.kill()
  return Promise.all(all)
}

const CEDENTE = {
  cedente_piva: '07776161213',
  cedente_nome: 'Agile Technology SRL',
  cedente_indirizzo: 'Via Roma 1',
  cedente_cap: '80100',
  cedente_comune: 'Napoli',
  cedente_provincia: 'NA',
  cedente_regime: 'RF01',
  bonifico_iban: 'IT60X0542811101000000123456',
  bonifico_bic: 'SELBIT2BXXX',
  bonifico_beneficiario: '231 Agile',
  sdi_enabled: 'false',
}

type Tenant = { id: string; key: string }

/** Agile billing on `gw`: the operator's cedente settings (SDI sending on with `sdi`) and one customer per name. */
export async function billingSetup(gw: CrashGateway, names: readonly string[], sdi = false) {
  const h = () => gw.h()
  const opTenant = await gw.tenant('Agile Technology SRL')
  await gw.withDeps(0, (deps) => setBillingOperator(deps.billing, opTenant.id))
  const op = { key: opTenant.key, token: await h().token(opTenant.id, 'admin') }
  const settings = await h().call('PUT', '/billing/settings', { ...op, body: { ...CEDENTE, sdi_enabled: String(sdi) } })
  expect(settings.status, settings.text).toBe(200)
  const customers: Tenant[] = []
  const viewer = new Map<string, string>()
  for (const name of names) {
    const t = await gw.tenant(name)
    const admin = { key: t.key, token: await h().token(t.id, 'admin') }
    const c = await h().call('PUT', '/billing/customer', { ...admin, body: { ...B2B_CUSTOMER, denominazione: name } })
    expect(c.status, c.text).toBe(200)
    viewer.set(t.id, await h().token(t.id, 'viewer'))
    customers.push(t)
  }
  let seq = 0
  return {
    customers,
    /** The operator records a bank transfer for package `n` of `t`. */
    transfer: (x: { t: Tenant; n: number }) =>
      h().call('POST', `/billing/packages/${x.n}/paid-by-transfer`, {
        ...op,
        body: { tenant_id: x.t.id, riferimento: `CRO ${x.t.id.slice(0, 8)}-${x.n}-${++seq}` },
      }) as Promise<Answer>,
    async pkg(t: Tenant, n: number): Promise<Json> {
      const r = await h().call('GET', '/billing/status', { key: t.key, token: viewer.get(t.id) as string })
      expect(r.status, r.text).toBe(200)
      return (r.json as Json)['data']['packages'][n - 1] as Json
    },
  }
}
