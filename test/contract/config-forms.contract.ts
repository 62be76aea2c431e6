/**
 * Route contract: the config API takes what its own form.io forms submit (openapi/form-input.ts).
 * The bodies below are what `@formio/js` 5.6 submits from `/tenants/schema` and `/services/schema`
 * when a field is left blank (test/e2e/config-forms.browser.test.ts renders the real forms).
 * Runs in-process on Node and inside workerd, and over HTTP against the Deno server (test/e2e/parity.deno.test.ts);
 * "nothing written" is read from the gateway's database in both.
 * @module
 */

import { beforeEach, describe, expect, it } from 'vitest'
import { asContractHarness, type ContractHarness, columnsOf } from './contract-harness.ts'
import type { RouteHarness } from './route-harness.ts'

type H = ContractHarness

/** The tenant form untouched but for the two required fields, as form.io submits it. */
const blankTenantForm = {
  id: '',
  name: 'Comune di Bugliano',
  tax_identification_number: '00341620508',
  IPA_code: '',
  pagopa: { segregation_code: '', aux_digit: '3', iban: '', postal_account: '' },
  active: true,
  submit: true,
}

/** The service form with the required fields filled and the rest untouched. */
const blankServiceForm = {
  id: '',
  payment_type: 'PAGOPA',
  amount: 16.5,
  reason: 'TARI 2026',
  expire_at: 30,
  collection_data: '9/0101108TS/',
  receiver: { tax_identification_number: '', name: '' },
  split: [{ code: '' }],
  intermediary: 'pagopa',
  active: true,
  submit: true,
}

export function runConfigFormsContract({
  name,
  make,
}: {
  readonly name: string
  readonly make: () => Promise<RouteHarness | ContractHarness>
}) {
  describe(`the config API takes its forms' submissions (${name})`, () => {
    let h: H
    let me: { id: string; key: string }
    let admin: { key: string; token: string }
    beforeEach(async () => {
      h = asContractHarness(await make())
      me = await h.tenant('Comune di Bugliano')
      admin = { key: me.key, token: await h.token(me.id) }
    })

    const tenantRow = async () => columnsOf(await h.db.first({ sql: 'SELECT * FROM tenants WHERE id = ?', args: [me.id] }))
    const serviceRows = async () =>
      (await h.db.first({ sql: 'SELECT COUNT(*) AS n FROM services WHERE tenant_id = ?', args: [me.id] }))?.['n']

    it('tenant: submit ignored, blank id/IPA_code/pagopa absent → 201 for the caller’s tenant', async () => {
      const r = await h.call('POST', '/tenants', { ...admin, body: blankTenantForm })
      expect(r.status).toBe(201)
      expect(r.json).toMatchObject({ id: me.id, IPA_code: null, pagopa: null, active: true })
      expect(r.json).not.toHaveProperty('submit')
    })

    it('tenant: the form’s id, IPA_code and pagopa are kept; PUT takes the same form back', async () => {
      const filled = {
        ...blankTenantForm,
        id: me.id,
        IPA_code: 'C_B303',
        pagopa: { segregation_code: '47', aux_digit: '3', iban: '', postal_account: '' },
      }
      const r = await h.call('POST', '/tenants', { ...admin, body: filled })
      expect(r.status).toBe(201)
      expect(r.json).toMatchObject({
        IPA_code: 'C_B303',
        pagopa: { segregation_code: '47', aux_digit: '3', iban: null, postal_account: null },
      })
      const put = await h.call('PUT', `/tenants/${me.id}`, { ...admin, body: { ...filled, name: 'Comune di Bugliano (PI)', IPA_code: '' } })
      expect(put.status).toBe(200)
      expect(put.json).toMatchObject({ name: 'Comune di Bugliano (PI)', IPA_code: null, pagopa: { segregation_code: '47' } })
    })

    it('a GET answer PUT back as it is (what a form pre-filled from GET submits) is accepted', async () => {
      await h.call('POST', '/tenants', { ...admin, body: blankTenantForm })
      const got = await h.call('GET', `/tenants/${me.id}`, admin)
      const put = await h.call('PUT', `/tenants/${me.id}`, { ...admin, body: { ...got.json, submit: true } })
      expect(put.status).toBe(200)
      const svc = await h.call('POST', '/services', { ...admin, body: blankServiceForm })
      const again = await h.call('PUT', `/services/${svc.json['id']}`, { ...admin, body: { ...svc.json, submit: true } })
      expect(again.status).toBe(200)
      expect(again.json).toMatchObject({ id: svc.json['id'], reason: 'TARI 2026' })
    })

    it('tenant: ipa_code is an alias of IPA_code (in), IPA_code is what comes out', async () => {
      const r = await h.call('POST', '/tenants', {
        ...admin,
        body: { name: 'Comune', tax_identification_number: '00341620508', ipa_code: 'C_B303' },
      })
      expect(r.status).toBe(201)
      expect(r.json).toMatchObject({ IPA_code: 'C_B303' })
      expect(r.json).not.toHaveProperty('ipa_code')
      const same = await h.call('PATCH', `/tenants/${me.id}`, { ...admin, body: { IPA_code: 'C_X', ipa_code: 'C_X' } })
      expect(same.json).toMatchObject({ IPA_code: 'C_X' })
    })

    it.each([
      [
        { ...blankTenantForm, pagopa: { segregation_code: '', aux_digit: '3', iban: 'IT60X0542811101000000123456', postal_account: '' } },
        'pagopa.segregation_code',
      ],
      [{ ...blankTenantForm, pagopa: { segregation_code: '', aux_digit: '2', iban: '', postal_account: '' } }, 'pagopa.segregation_code'],
      [{ ...blankTenantForm, name: '' }, 'name'],
      [{ ...blankTenantForm, id: 'not-a-uuid' }, 'id'],
      [{ ...blankTenantForm, extra: '' }, 'extra'],
    ])('tenant: a half-filled form %# → 400 naming %s, nothing written', async (body, field) => {
      const before = await tenantRow()
      const r = await h.call('POST', '/tenants', { ...admin, body })
      expect(r.status).toBe(400)
      expect(r.json.errors?.map((e) => e.field)).toContain(field)
      expect(await tenantRow()).toEqual(before)
    })

    it('service: blank id, receiver and split row absent → 201 with an id made by Varco', async () => {
      const r = await h.call('POST', '/services', { ...admin, body: blankServiceForm })
      expect(r.status).toBe(201)
      expect(r.json).toMatchObject({ receiver: null, split: [], remote_collection: null, intermediary: 'pagopa' })
      expect(r.json['id']).toMatch(/^[0-9a-f-]{36}$/)
    })

    it('service: the id the Core chose is kept; a filled receiver and split row are kept', async () => {
      const id = crypto.randomUUID()
      const body = {
        ...blankServiceForm,
        id,
        receiver: { tax_identification_number: '00341620508', name: 'Unione dei Comuni' },
        split: [
          { code: 'c_1', amount: 10 },
          { code: 'c_2', amount: 6.5 },
        ],
      }
      const r = await h.call('POST', '/services', { ...admin, body })
      expect(r.status).toBe(201)
      expect(r.json).toMatchObject({ id, receiver: { name: 'Unione dei Comuni' }, split: [{ code: 'c_1' }, { code: 'c_2' }] })
      const put = await h.call('PUT', `/services/${id}`, { ...admin, body: { ...body, reason: 'TARI 2027', split: [{ code: '' }] } })
      expect(put.json).toMatchObject({ id, reason: 'TARI 2027', split: [] })
    })

    it.each([
      ['receiver.name', 'a half-filled receiver', { receiver: { tax_identification_number: '00341620508', name: '' } }],
      ['split.0.amount', 'a split row without amount', { split: [{ code: 'c_1' }] }],
      ['reason', 'a blank reason', { reason: '' }],
      ['id', 'an id that is not a UUID', { id: 'abc' }],
      ['extra', 'an unknown key, even blank', { extra: '' }],
    ])('service: 400 naming %s for %s, nothing written', async (field, _why, over) => {
      const body = { ...blankServiceForm, ...over }
      const r = await h.call('POST', '/services', { ...admin, body })
      expect(r.status).toBe(400)
      expect(r.json.errors?.map((e) => e.field)).toContain(field)
      expect(await serviceRows()).toBe(0)
    })
  })
}
