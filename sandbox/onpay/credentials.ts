/** What the OnPay simulator accepts: the OnPay key, the temporary key it activates, and each circuit's credentials. @module */

export const SANDBOX_ONPAY = {
  /** The OnPay `key` the simulator accepts. */
  key: 'sandbox-onpay-key',
  /** The temporary activation key that `get_onpay_key` exchanges for `key`. */
  temporaryKey: 'sandbox-onpay-temporary-key',
  /** Circuit credentials the simulator accepts, per gateway. */
  gateways: {
    nexi: { gatewayApiKey: 'sandbox-nexi-api-key', gatewaySecretKey: 'sandbox-nexi-secret' },
    multisafepay: { gatewayApiKey: 'sandbox-msp-api-key' },
    volt: {
      gatewayApiKey: 'sandbox-volt-client-id',
      gatewaySecretKey: 'sandbox-volt-client-secret',
      gatewayUsername: 'sandbox@volt.example',
      gatewayPassword: 'sandbox-volt-password',
      gatewayNotificationKey: 'sandbox-volt-notification-key',
    },
  },
} as const

export type Gateway = keyof typeof SANDBOX_ONPAY.gateways
