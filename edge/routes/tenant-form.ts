/** form.io definition of the tenant configuration form served by GET /tenants/schema (opencity.md §2.1). @module */

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
    { key: 'active', label: 'Attivo', type: 'checkbox', input: true, defaultValue: true },
    { key: 'submit', label: 'Salva', type: 'button', action: 'submit', input: true },
  ] as Array<Record<string, unknown>>,
}
