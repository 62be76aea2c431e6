/**
 * The client certificate pagoPA's RTD APIs require (mutual TLS, spec pagopa.md B0). `fetch` has no
 * portable way to present one, so the wiring supplies the fetch that does, per runtime:
 * - **Workers**: an mTLS certificate binding (`[[mtls_certificates]]` in wrangler.toml); the binding's
 *   own `fetch` presents it. The wiring passes `(cert) => env.RTD_MTLS.fetch.bind(env.RTD_MTLS)`
 *   (the PEMs stay in Cloudflare; `clientCertificate` may then carry just a label).
 * - **Node**: an undici `Agent({ connect: { cert, key } })` passed as `dispatcher` to the global fetch.
 *   Not implemented here (it needs `undici` as a direct dependency): {@link nodeMtlsFetchHook} is
 *   the named place for it.
 * - **Tests and the sandbox**: no certificate; the simulator checks only the subscription key.
 * @module
 */

/** PEM texts of the client certificate and its private key (or a label, where the runtime holds them). */
export type ClientCertificate = { readonly certPem: string; readonly keyPem: string }

/** Builds the fetch that presents `cert` on every TLS handshake. */
export type MtlsFetchFactory = (cert: ClientCertificate, base: typeof fetch) => typeof fetch

/**
 * The Node hook, to fill in when `undici` becomes a dependency:
 * `(cert, base) => { const dispatcher = new Agent({ connect: { cert: cert.certPem, key: cert.keyPem } });
 *   return (input, init) => base(input, { ...init, dispatcher } as RequestInit) }`.
 */
export const nodeMtlsFetchHook: MtlsFetchFactory | null = null

/**
 * The fetch the adapter uses: the plain one without a certificate, else the factory's. A certificate
 * without a factory is a wiring mistake and fails at start-up, not at the first call.
 */
export function resolveFetch(base: typeof fetch, cert: ClientCertificate | undefined, factory: MtlsFetchFactory | undefined): typeof fetch {
  if (!cert) return base
  if (!factory) throw new Error('RTD: a client certificate is configured but no mtlsFetch presents it (see adapters/rtd-pagopa/mtls.ts)')
  return factory(cert, base)
}
