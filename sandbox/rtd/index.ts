/**
 * pagoPA RTD "Centro Stella" sender APIs simulator, mounted at `/sandbox/rtd` (spec pagopa.md B3):
 * APIM's subscription-key check, its own PGP key pair (keys.ts) on the public-key endpoint, SAS
 * grants and a blob store behind them (sas.ts, api.ts: 201 stored, 409 already there), server-side
 * decryption and checks of each upload into the file report v2 (ingest.ts), ADEACK errors files with
 * download and `ack-received`, and faults on demand (faults.ts, `/_control`). No mTLS: the sandbox
 * has no certificates. In-memory; written independently of adapters/rtd-pagopa.
 * @module
 */

import { Hono } from 'hono'
import { simulatedDelay } from '../shared/hooks.ts'
import type { Simulator } from '../types.ts'
import { senderApi, subscriptionCheck } from './api.ts'
import { controlApi, type RtdControl, rtdControl } from './control.ts'
import { type RtdCredentials, SANDBOX_RTD } from './credentials.ts'
import { faultInjector } from './faults.ts'
import { keyPair } from './keys.ts'
import { rtdState } from './state.ts'

export { SIM_DELAY_HEADER } from '../shared/hooks.ts'
export type { AckRow, AdeAnswer, FileSnapshot, RtdControl } from './control.ts'
export { type RtdCredentials, SANDBOX_RTD } from './credentials.ts'
export { RTD_OPERATIONS, type RtdFault, type RtdOperation } from './faults.ts'
export { containerFor, SAS_TTL_MS } from './sas.ts'
export type { PutRecord } from './state.ts'

const DESCRIPTION =
  'pagoPA RTD Centro Stella sender APIs: public key, SAS, blob upload, file report v2, ADEACK files (own PGP key, faults).'

export type RtdSimOptions = {
  readonly clock?: () => Date
  readonly newId?: () => string
  readonly credentials?: RtdCredentials
}

export type RtdSimulator = Simulator & { readonly control: RtdControl }

export function rtdSimulator(options: RtdSimOptions = {}): RtdSimulator {
  const creds = options.credentials ?? SANDBOX_RTD
  const state = rtdState(options.clock ?? (() => new Date()), options.newId ?? (() => crypto.randomUUID()))
  const keys = keyPair()
  const faults = faultInjector()
  const control = rtdControl(state, faults, keys, creds.senderCode)
  const app = new Hono()

  app.use('*', simulatedDelay)
  app.route('/', controlApi(control, faults.armed))
  app.get('/', (c) =>
    c.text(`${DESCRIPTION}\nSubscription key: ${creds.subscriptionKey} (sender ${creds.senderCode}). Files: ${state.files.size}.\n`),
  )
  app.use('*', faults.middleware)
  app.use('*', subscriptionCheck(creds.subscriptionKey))
  app.route('/', senderApi({ state, keys, subscriptionKey: creds.subscriptionKey, senderCode: creds.senderCode }))

  return { name: 'rtd', description: DESCRIPTION, app, control }
}
