/**
 * form.io definition of the tenant configuration form served by GET /tenants/schema (opencity.md §2.1),
 * with the ente's own intermediary credentials: password fields (write-only; blank keeps the stored
 * value) and, beside each, a read-only "impostata" box filled from GET's `<field>_set`.
 * @module
 */

import { SECRET_FIELDS } from '../../core/intermediary-credentials.ts'

const LABELS: Record<string, string> = {
  secret_key: 'Chiave segreta (sk_…)',
  api_key: 'Chiave API',
  webhook_secret: 'Segreto del webhook',
  gateway_api_key: 'Chiave API del circuito (Volt: client id)',
  gateway_secret_key: 'Chiave segreta del circuito (Nexi, Volt)',
  gateway_username: 'Utente (Volt)',
  gateway_password: 'Password (Volt)',
  gateway_notification_key: 'Chiave di notifica (Volt)',
}

/** A write-only secret and its read-only "set" box. */
const secretField = (key: string) => [
  { key, label: LABELS[key] ?? key, type: 'password', input: true, autocomplete: 'new-password' },
  { key: `${key}_set`, label: 'impostata', type: 'checkbox', input: true, disabled: true },
]

const credentials = (key: keyof typeof SECRET_FIELDS, label: string, extra: Array<Record<string, unknown>> = []) => ({
  key,
  label,
  type: 'container',
  input: true,
  components: [...extra, ...SECRET_FIELDS[key].flatMap(secretField)],
})

export const TENANT_FORM = {
  display: 'form' as const,
  components: [
    { key: 'id', label: 'UUID del Tenant', type: 'textfield', input: true, hidden: true, disabled: true, validate: { required: true } },
    {
      key: 'name',
      label: "Nome dell'ente",
      placeholder: 'Comune di Bugliano',
      type: 'textfield',
      input: true,
      validate: { required: true, maxLength: 255 },
    },
    {
      key: 'tax_identification_number',
      label: "Codice fiscale dell'ente",
      placeholder: '00341620508',
      type: 'textfield',
      input: true,
      validate: { required: true, pattern: '^([0-9]{11}|[A-Za-z0-9]{16})$' },
    },
    {
      key: 'IPA_code',
      label: "Codice IPA dell'ente",
      placeholder: 'A000',
      description: "Codice (tutto maiuscolo) assegnato all'Ente nel registro indice PA",
      type: 'textfield',
      input: true,
      validate: { required: false, maxLength: 20 },
    },
    {
      key: 'pagopa',
      label: 'pagoPA',
      type: 'container',
      input: true,
      components: [
        { key: 'segregation_code', label: 'Codice di segregazione', type: 'textfield', input: true, validate: { pattern: '^[0-9]{2}$' } },
        { key: 'aux_digit', label: 'Aux digit', type: 'textfield', input: true, defaultValue: '3' },
        { key: 'iban', label: 'IBAN di accredito', type: 'textfield', input: true },
        { key: 'postal_account', label: 'Conto corrente postale', type: 'textfield', input: true },
      ],
    },
    credentials('stripe', 'Stripe (account dell’ente)'),
    credentials('revolut', 'Revolut (account dell’ente)'),
    credentials('onpay', 'OnPay (chiavi dell’ente)', [
      {
        key: 'gateway',
        label: 'Circuito',
        type: 'select',
        input: true,
        defaultValue: 'nexi',
        data: {
          values: [
            { label: 'Nexi', value: 'nexi' },
            { label: 'MultiSafepay', value: 'multisafepay' },
            { label: 'Volt', value: 'volt' },
          ],
        },
      },
    ]),
    { key: 'active', label: 'Attivo', type: 'checkbox', input: true, defaultValue: true },
    { key: 'submit', label: 'Salva', type: 'button', action: 'submit', input: true },
  ] as Array<Record<string, unknown>>,
}
