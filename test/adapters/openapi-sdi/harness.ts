/**
 * The OpenAPI.it simulator in-process, mounted under `/sandbox/openapi-sdi` as createSandbox mounts
 * it, judging files with Varco's real validation (inspect.ts, over the XSD validator the runtime
 * gives), its callbacks caught by a recorder instead of a network; and the adapter wired to it
 * through a fetch that skips only the socket, its account already set up. Runtime-neutral.
 * @module
 */

import { type OpenapiSdiConfig, openapiSdi } from '../../../adapters/openapi-sdi/index.ts'
import type { XsdValidator } from '../../../ports/xsd-validator.port.ts'
import { type OpenapiSdiSimOptions, openapiSdiSimulator, SANDBOX_OPENAPI_SDI } from '../../../sandbox/openapi-sdi/index.ts'
import type { SdiHarness } from '../../contract/sdi-transmitter.contract.ts'
import { mountSimulator, SIM_START } from '../sim-harness.ts'
import { realInspector } from './inspect.ts'
import { freshInvoice, SENDER_ID } from './invoices.ts'

export const CALLBACK_URL = 'http://varco.test/webhooks/openapi-sdi'

/** One callback the simulator posted. */
export type CaughtCallback = { readonly url: string; readonly headers: Record<string, string>; readonly rawBody: string }

/** Catches the simulator's callbacks; answers `status()` (200 unless told otherwise). */
export function callbackRecorder() {
  const caught: CaughtCallback[] = []
  let status = 200
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init)
    const headers: Record<string, string> = {}
    req.headers.forEach((v, k) => {
      headers[k] = v
    })
    caught.push({ url: req.url, headers, rawBody: await req.text() })
    return new Response(null, { status })
  }) as typeof fetch
  return {
    fetch: fetchFn,
    caught,
    answer: (s: number) => {
      status = s
    },
  }
}

export type SimHarnessOptions = {
  readonly xsd: XsdValidator
  readonly sim?: Partial<OpenapiSdiSimOptions>
  readonly start?: string
  /** Run the account set-up (business registry + callback) first (default true). */
  readonly setUp?: boolean
}

export async function simHarness(o: SimHarnessOptions) {
  const recorder = callbackRecorder()
  const s = mountSimulator(
    'openapi-sdi',
    (clock) => openapiSdiSimulator({ clock, inspectInvoice: realInspector(o.xsd, clock), callbackFetch: recorder.fetch, ...o.sim }),
    { start: o.start ?? SIM_START },
  )
  const config: OpenapiSdiConfig = {
    sdiUrl: s.base,
    oauthUrl: `${s.base}/oauth`,
    email: SANDBOX_OPENAPI_SDI.email,
    apiKey: SANDBOX_OPENAPI_SDI.apiKey,
    callbackHeader: SANDBOX_OPENAPI_SDI.callbackHeader,
    callbackSecret: SANDBOX_OPENAPI_SDI.callbackSecret,
    fetch: s.simFetch,
    clock: s.clock,
  }
  const adapter = (over: Partial<OpenapiSdiConfig> = {}) => openapiSdi({ ...config, ...over })
  const transmitter = adapter()
  if (o.setUp ?? true) {
    const r = await transmitter.setup({
      fiscalId: SENDER_ID,
      name: '231 Agile S.r.l.',
      email: 'sdi@231agile.it',
      applySignature: false,
      applyLegalStorage: false,
      callbackUrl: CALLBACK_URL,
    })
    if (!r.ok) throw new Error(`set-up failed: ${r.reason}`)
  }
  const control = s.sim.control
  const post = (path: string) => ({ method: 'POST', path }) as const
  const harness: SdiHarness = {
    transmitter,
    invoice: freshInvoice,
    malformedXml: '<p:FatturaElettronica versione="FPR12"><FatturaElettronicaHeader>',
    schemaInvalid: async () => (await freshInvoice()).xml.replace(/<Divisa>EUR<\/Divisa>/, ''),
    failNextSend: (status) => control.fault({ ...post('/invoices'), kind: 'fail', status }),
    hangNextSend: (after) => control.fault({ ...post('/invoices'), kind: 'hang', after }),
    dropNextSend: (mode) => control.fault({ ...post('/invoices'), kind: 'drop', mode }),
    slow: () => adapter({ timeoutMs: 50 }),
    expireTokens: control.expireTokens,
    tokensIssued: control.tokensIssued,
    accepted: control.accepted,
    notify: async (remoteId, type, esito) => {
      const r = await control.notify(remoteId, type, esito)
      if (!r.ok) throw new Error(`the simulator refused ${type}: ${r.reason}`)
    },
    lastCallback: () => recorder.caught.at(-1) ?? null,
    callbackHeader: SANDBOX_OPENAPI_SDI.callbackHeader,
  }
  return { ...s, control, recorder, adapter, transmitter, harness }
}
