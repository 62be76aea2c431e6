/**
 * RTD's wiring: the submission store, the sender APIs per tenant (built from the tenant's RTD settings, the
 * subscription key opened from its sealed form, cached per isolate; in the sandbox a tenant without settings uses
 * the simulator's key), openpgp, and the local disk where the runtime has one (Node and Deno pass it; on Workers
 * it is absent: submissions are listed and followed there, not uploaded or processed).
 * @module
 */

import { newSha256Hasher } from '../../adapters/crypto/sha256-hasher.ts'
import type { Db } from '../../adapters/libsql/client.ts'
import { libsqlRtdRepo } from '../../adapters/libsql/index.ts'
import { RTD_BASE_URLS, rtdPagopa } from '../../adapters/rtd-pagopa/index.ts'
import type { RtdAggregate } from '../../core/rtd/aggregator.ts'
import { type RtdDeps, rtdKeyContext } from '../../core/rtd/deps.ts'
import type { Clock } from '../../ports/clock.port.ts'
import type { FileEncryptor } from '../../ports/file-encryptor.port.ts'
import type { NewId } from '../../ports/id-gen.port.ts'
import type { Logger } from '../../ports/logger.port.ts'
import type { RtdFiles } from '../../ports/rtd-files.port.ts'
import type { RtdRepo, RtdSettings } from '../../ports/rtd-repo.port.ts'
import type { SpillStore } from '../../ports/rtd-spill.port.ts'
import type { RtdSubmitter } from '../../ports/rtd-submitter.port.ts'
import type { SecretBox } from '../../ports/secret-box.port.ts'
import { type Sandbox, sandboxCredentials } from '../../sandbox/index.ts'
import type { Config } from '../env.ts'

/** Local disk for RTD files and spill runs, passed by the runtimes that have one. */
export type RtdDisk = {
  readonly files: RtdFiles
  readonly openSpill: () => Promise<SpillStore>
  /** The aggregator for this runtime (Node: the parallel one on worker threads); default the single-threaded one. */
  readonly aggregate?: RtdAggregate
}

/** The SecretBox context of a tenant's RTD subscription key. */

export type RtdWiring = {
  readonly config: Config
  readonly db: Db
  readonly sandbox: Sandbox | null
  readonly fetch: typeof globalThis.fetch
  readonly clock: Clock
  readonly newId: NewId
  readonly logger: Logger
  readonly secrets: SecretBox
  readonly disk: RtdDisk | null
  readonly repo?: RtdRepo
  /**
   * The fetch that presents the client certificate pagoPA requires (Workers: the `RTD_MTLS` mTLS certificate
   * binding's fetch). Absent: plain fetch (the sandbox, or a proxy that terminates mTLS).
   */
  readonly mtlsFetch?: typeof globalThis.fetch
  /** Replaces the per-tenant adapter (tests). */
  readonly submitterFor?: RtdDeps['submitterFor']
}

const CACHE_LIMIT = 256

/** openpgp is large: loaded on first use, so start-up (server, CLI, a Worker's cold isolate) does not pay for it. */
export function lazyOpenPgpEncryptor(): FileEncryptor {
  let loaded: Promise<FileEncryptor> | null = null
  const get = () => {
    loaded ??= import('../../adapters/pgp/openpgp.ts').then((m) => m.createOpenPgpEncryptor())
    return loaded
  }
  return {
    checkRecipientKey: async (armored, options) => (await get()).checkRecipientKey(armored, options),
    encrypt: async (plain, armored, options) => (await get()).encrypt(plain, armored, options),
  }
}

export function buildRtd(w: RtdWiring): RtdDeps {
  const cache = new Map<string, RtdSubmitter>()
  const sandboxSubmitter = w.sandbox
    ? rtdPagopa({
        baseUrl: w.sandbox.baseUrlOf('rtd'),
        subscriptionKey: sandboxCredentials.rtd.subscriptionKey,
        fetch: w.fetch,
        backoffMs: [200, 400],
      })
    : null

  async function submitterFor(tenantId: string, settings: RtdSettings | null): Promise<RtdSubmitter | null> {
    if (!settings?.subscriptionKeySealed) return sandboxSubmitter
    const baseUrl = w.sandbox ? w.sandbox.baseUrlOf('rtd') : (w.config.RTD_BASE_URL ?? RTD_BASE_URLS[settings.environment])
    const id = `${tenantId}|${settings.environment}|${baseUrl}|${settings.subscriptionKeySealed}`
    const hit = cache.get(id)
    if (hit) return hit
    const subscriptionKey = await w.secrets.open(settings.subscriptionKeySealed, rtdKeyContext(tenantId))
    const adapter = rtdPagopa({ baseUrl, subscriptionKey, fetch: w.sandbox ? w.fetch : (w.mtlsFetch ?? w.fetch) })
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string)
    cache.set(id, adapter)
    return adapter
  }

  return {
    repo: w.repo ?? libsqlRtdRepo(w.db),
    files: w.disk?.files ?? null,
    openSpill: w.disk?.openSpill ?? null,
    ...(w.disk?.aggregate ? { aggregate: w.disk.aggregate } : {}),
    newHasher: newSha256Hasher,
    encryptor: lazyOpenPgpEncryptor(),
    submitterFor: w.submitterFor ?? submitterFor,
    openWithoutSettings: w.sandbox !== null,
    clock: w.clock,
    newId: w.newId,
    logger: w.logger,
    maxInputBytes: w.config.RTD_MAX_INPUT_BYTES,
    maxKeys: w.config.RTD_MAX_KEYS,
    leaseMs: 15 * 60_000,
    maxAckBytes: 16 * 1024 * 1024,
  }
}
