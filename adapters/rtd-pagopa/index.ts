/**
 * pagoPA's RTD "Centro Stella" sender APIs (spec pagopa.md B3) as Varco's {@link RtdSubmitter}:
 * the public key, SAS grants, uploads with retries (upload.ts), the file report v2 and the ADEACK
 * cycle (reads.ts). Every call carries `Ocp-Apim-Subscription-Key`, through a fetch that presents
 * the client certificate when one is configured (mtls.ts). The key and the SAS never appear in a reason.
 * https://docs.pagopa.it/centro-stella (Api Integration)
 * @module
 */

import type { RtdSubmitter } from '../../ports/rtd-submitter.port.ts'
import { createRtdClients } from './client.ts'
import type { ClientCertificate, MtlsFetchFactory } from './mtls.ts'
import { confirmAck, downloadAck, getAckList, getFileReport, getPublicKey, getUploadGrant } from './reads.ts'
import { DEFAULT_BACKOFF_MS, DEFAULT_UPLOAD_ATTEMPTS, uploadFile } from './upload.ts'

export { DEFAULT_UPLOAD_TIMEOUT_MS } from './client.ts'
export { type ClientCertificate, type MtlsFetchFactory, nodeMtlsFetchHook } from './mtls.ts'
export { DEFAULT_BACKOFF_MS, DEFAULT_UPLOAD_ATTEMPTS } from './upload.ts'

/** pagoPA's hosts (B0). */
export const RTD_BASE_URLS = {
  prod: 'https://api.cstar.pagopa.it',
  uat: 'https://api.uat.cstar.pagopa.it',
  dev: 'https://api.dev.cstar.pagopa.it',
} as const

export type RtdPagopaConfig = {
  /** One of {@link RTD_BASE_URLS}, or the simulator's `<public>/sandbox/rtd`. */
  readonly baseUrl: string
  /** The APIM subscription key of product RTD_API_Product; it identifies the sender. */
  readonly subscriptionKey: string
  readonly fetch: typeof fetch
  /** The mTLS client certificate; requires {@link RtdPagopaConfig.mtlsFetch}. Absent: plain `fetch` (sandbox, tests). */
  readonly clientCertificate?: ClientCertificate
  /** Builds the fetch that presents the certificate (Workers: the mTLS binding's fetch; Node: an undici Agent). */
  readonly mtlsFetch?: MtlsFetchFactory
  /** Per API call, including reading the body (default 10 s). */
  readonly timeoutMs?: number
  /** Per upload attempt, including sending the file (default 180 s). */
  readonly uploadTimeoutMs?: number
  /** Attempts per upload, each with a new SAS (default 3). */
  readonly uploadAttempts?: number
  /** Waits between attempts (default 2 s, 4 s, 16 s; the last repeats). */
  readonly backoffMs?: readonly number[]
  /** How to wait (default setTimeout); tests pass a recorder. */
  readonly sleep?: (ms: number) => Promise<void>
  /** Sent as `User-Agent` (default `custom_integration`, as pagoPA's docs ask). */
  readonly userAgent?: string
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export function rtdPagopa(config: RtdPagopaConfig): RtdSubmitter {
  const { api, storage } = createRtdClients(config)
  const grant = () => getUploadGrant(api)
  const policy = {
    attempts: config.uploadAttempts ?? DEFAULT_UPLOAD_ATTEMPTS,
    backoffMs: config.backoffMs ?? DEFAULT_BACKOFF_MS,
    sleep: config.sleep ?? realSleep,
  }
  return {
    name: 'pagopa',
    publicKey: () => getPublicKey(api),
    uploadGrant: grant,
    upload: (file) => uploadFile(storage, grant, file, policy),
    fileReport: () => getFileReport(api),
    listAcks: () => getAckList(api),
    downloadAck: (fileName) => downloadAck(api, fileName),
    confirmAck: (fileName) => confirmAck(api, fileName),
  }
}
