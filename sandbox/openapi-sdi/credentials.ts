/** What the OpenAPI.it SDI simulator accepts, and the secret it sends with each callback. @module */

export const SANDBOX_OPENAPI_SDI = {
  /** The account's email: the Basic user of `POST /oauth/tokens`. */
  email: 'sandbox@varco.test',
  /** The account's API key: the Basic password of `POST /oauth/tokens`. */
  apiKey: 'sandbox_varco_openapi_sdi_0000000000',
  /** The value the simulator sends in the configured callback header (`auth_header`). */
  callbackSecret: 'cbs_sandbox_varco_openapi_sdi_0000000000',
  /** The header name Varco configures by default (OPENAPI_SDI_CALLBACK_HEADER). */
  callbackHeader: 'X-Varco-Callback-Token',
} as const

export type OpenapiSdiCredentials = {
  readonly email: string
  readonly apiKey: string
  readonly callbackSecret: string
  readonly callbackHeader: string
}
