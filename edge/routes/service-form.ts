/** form.io definition of the service configuration form served by GET /services/schema. @module */

export const SERVICE_FORM = {
  display: 'form' as const,
  components: [
    { key: 'id', label: 'UUID della configurazione', type: 'textfield', input: true, hidden: true, disabled: true },
    {
      key: 'payment_type',
      label: 'Tipo di pagamento',
      type: 'select',
      input: true,
      data: {
        values: [
          { label: 'pagoPA', value: 'PAGOPA' },
          { label: 'Marca da bollo digitale', value: 'STAMP' },
        ],
      },
      validate: { required: true },
    },
    { key: 'amount', label: 'Importo (€)', type: 'number', input: true, decimalLimit: 2, validate: { required: true, min: 0.01 } },
    { key: 'reason', label: 'Causale', type: 'textfield', input: true, validate: { required: true, maxLength: 255 } },
    { key: 'expire_at', label: 'Giorni di validità', type: 'number', input: true, validate: { required: true, min: 1, integer: true } },
    {
      key: 'collection_data',
      label: 'Tassonomia pagoPA',
      placeholder: '9/0101108TS/',
      type: 'textfield',
      input: true,
      validate: { required: true, pattern: '^[6-9]/[0-9]{7}(IM|TS|SP|SA|AP)/$' },
    },
    {
      key: 'receiver',
      label: 'Beneficiario (se diverso dall’ente)',
      type: 'container',
      input: true,
      components: [
        { key: 'tax_identification_number', label: 'Codice fiscale', type: 'textfield', input: true },
        { key: 'name', label: 'Denominazione', type: 'textfield', input: true },
      ],
    },
    {
      key: 'split',
      label: 'Bilancio',
      type: 'datagrid',
      input: true,
      components: [
        { key: 'code', label: 'Codice', type: 'textfield', input: true },
        { key: 'amount', label: 'Importo (€)', type: 'number', input: true, decimalLimit: 2 },
      ],
    },
    {
      key: 'intermediary',
      label: 'Intermediario',
      type: 'select',
      input: true,
      defaultValue: 'pagopa',
      data: {
        values: [
          { label: 'pagoPA', value: 'pagopa' },
          { label: 'Stripe', value: 'stripe' },
          { label: 'Revolut', value: 'revolut' },
          { label: 'OnPay', value: 'onpay' },
        ],
      },
    },
    { key: 'active', label: 'Attivo', type: 'checkbox', input: true, defaultValue: true },
    { key: 'submit', label: 'Salva', type: 'button', action: 'submit', input: true },
  ] as Array<Record<string, unknown>>,
}
