/** A valid domain payment to start tests from. @module */

import { type Cents, cents } from '../../core/money.ts'
import type { Payment } from '../../core/payment.ts'

const link = { url: null, last_opened_at: null, method: 'GET' as const }
const check = { url: null, last_check_at: null, next_check_at: null, method: 'GET' as const }

export function aPayment(over: Partial<Payment> = {}): Payment {
  return {
    id: 'bb7044e4-066c-4bf7-915e-87ee97270eae',
    user_id: 'f3323b10-db62-4aeb-95de-a87c1f678dad',
    type: 'PAGOPA',
    tenant_id: '60e35f02-1509-408c-b101-3b1a28109329',
    service_id: '68dada78-2398-4a11-b80a-98aaede3371c',
    created_at: new Date('2026-11-23T10:00:00Z'),
    updated_at: new Date('2026-11-23T10:00:00Z'),
    status: 'CREATION_PENDING',
    reason: 'TARI 2026',
    remote_id: '218d7772-a747-4d5f-8c56-bbc7cfeab1a0',
    locale: null,
    payment: {
      transaction_id: null,
      paid_at: null,
      expire_at: null,
      amount: cents(1650) as Cents,
      currency: 'EUR',
      type: 'PAGOPA',
      notice_code: null,
      iud: 'bb7044e4066c4bf7915e87ee97270eae',
      iuv: null,
      receiver: null,
      due_type: null,
      pagopa_category: null,
      document: null,
      split: [],
    },
    links: {
      online_payment_begin: link,
      online_payment_landing: { ...link, url: 'https://servizi.comune.bugliano.pi.it/pratiche/218d7772/detail' },
      offline_payment: link,
      receipt: link,
      notify: [],
      update: check,
      confirm: { ...check, method: 'PATCH' },
      cancel: { ...check, method: 'PATCH' },
    },
    payer: { type: 'human', tax_identification_number: 'RSSMRA85T10A562S', name: 'Mario', family_name: 'Rossi', email: 'mario@example.it' },
    debtor: null,
    ...over,
  }
}
