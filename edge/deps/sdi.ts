/**
 * The SDI service's wiring: the OpenAPI.it adapter (the simulator's in the sandbox; absent without
 * credentials, then sending answers 503 and reading still works), the transmission store, and the
 * counters the use cases report to.
 * @module
 */

import { openapiSdi } from '../../adapters/openapi-sdi/index.ts'
import { sha256 } from '../../adapters/shared/hash.ts'
import { toHex } from '../../adapters/shared/hex.ts'
import type { SdiDeps, SdiObserver } from '../../core/sdi/deps.ts'
import type { Clock } from '../../ports/clock.port.ts'
import type { NewId } from '../../ports/id-gen.port.ts'
import type { Logger } from '../../ports/logger.port.ts'
import type { SdiRepo } from '../../ports/sdi-repo.port.ts'
import type { SdiAccountSetup, SdiTransmitter } from '../../ports/sdi-transmitter.port.ts'
import type { WebhookInbox } from '../../ports/webhook-inbox.port.ts'
import { type Sandbox, sandboxCredentials } from '../../sandbox/index.ts'
import { type Config, OPENAPI_SDI_HOSTS } from '../env.ts'
import type { MetricsRegistry } from '../metrics.ts'
import type { LoadXsd } from './fatturapa.ts'

/** The OpenAPI.it adapter for this configuration, or null when it has no credentials. */
export function sdiTransmitter(
  config: Config,
  sandbox: Sandbox | null,
  fetch: typeof globalThis.fetch,
  clock: Clock,
): (SdiTransmitter & SdiAccountSetup) | null {
  if (sandbox) {
    const base = sandbox.baseUrlOf('openapi-sdi')
    const c = sandboxCredentials.openapiSdi
    return openapiSdi({
      sdiUrl: base,
      oauthUrl: `${base}/oauth`,
      email: c.email,
      apiKey: c.apiKey,
      callbackHeader: c.callbackHeader,
      callbackSecret: c.callbackSecret,
      fetch,
      clock,
    })
  }
  if (!config.OPENAPI_SDI_API_KEY || !config.OPENAPI_SDI_EMAIL || !config.OPENAPI_SDI_CALLBACK_SECRET) return null
  const hosts = OPENAPI_SDI_HOSTS[config.OPENAPI_SDI_ENV]
  return openapiSdi({
    sdiUrl: config.OPENAPI_SDI_URL ?? hosts.sdi,
    oauthUrl: config.OPENAPI_OAUTH_URL ?? hosts.oauth,
    email: config.OPENAPI_SDI_EMAIL,
    apiKey: config.OPENAPI_SDI_API_KEY,
    callbackHeader: config.OPENAPI_SDI_CALLBACK_HEADER,
    callbackSecret: config.OPENAPI_SDI_CALLBACK_SECRET,
    fetch,
    clock,
  })
}

export function sdiObserver(metrics: MetricsRegistry): SdiObserver {
  return {
    sent: (outcome) => metrics.sdiSent.inc({ outcome }),
    notified: (type, codes) => {
      metrics.sdiNotifications.inc({ type })
      if (type === 'NS') for (const code of codes) metrics.sdiRejections.inc({ code })
      if (type === 'NE' && codes.includes('EC02')) metrics.sdiRejections.inc({ code: 'EC02' })
    },
    callbackLag: (seconds) => metrics.sdiCallbackLag.observe({}, seconds),
  }
}

export const sha256Hex = async (text: string) => toHex(await sha256(text))

export function buildSdi(parts: {
  readonly store: SdiRepo
  readonly transmitter: SdiTransmitter | null
  readonly xsd: LoadXsd
  readonly clock: Clock
  readonly newId: NewId
  readonly logger: Logger
  readonly inbox: WebhookInbox
  readonly metrics: MetricsRegistry
}): SdiDeps {
  return {
    clock: parts.clock,
    newId: parts.newId,
    logger: parts.logger,
    store: parts.store,
    transmitter: parts.transmitter,
    xsd: parts.xsd,
    sha256Hex,
    inbox: parts.inbox,
    observe: sdiObserver(parts.metrics),
  }
}
