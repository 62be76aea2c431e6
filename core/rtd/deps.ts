/**
 * What the RTD use cases need. `files` and `openSpill` are local disk: null where the runtime has none (Workers),
 * and then submissions can be listed and followed but not uploaded or processed there.
 * @module
 */

import type { Clock } from '../../ports/clock.port.ts'
import type { FileEncryptor } from '../../ports/file-encryptor.port.ts'
import type { NewHasher } from '../../ports/hasher.port.ts'
import type { NewId } from '../../ports/id-gen.port.ts'
import type { Logger } from '../../ports/logger.port.ts'
import type { RtdFiles } from '../../ports/rtd-files.port.ts'
import type { RtdRepo, RtdSettings } from '../../ports/rtd-repo.port.ts'
import type { SpillStore } from '../../ports/rtd-spill.port.ts'
import type { RtdSubmitter } from '../../ports/rtd-submitter.port.ts'
import type { RtdAggregate } from './aggregator.ts'

/** The SecretBox context of a tenant's APIM subscription key: a value copied to another tenant does not open. */
export const rtdKeyContext = (tenantId: string): string => `rtd:${tenantId}:subscription_key`

export type RtdDeps = {
  readonly repo: RtdRepo
  /** Root of every tenant's RTD files (`<tenant>/<submission>/…`), or null. */
  readonly files: RtdFiles | null
  readonly openSpill: (() => Promise<SpillStore>) | null
  readonly newHasher: NewHasher
  readonly encryptor: FileEncryptor
  /**
   * The sender APIs for a tenant: from its settings (the sealed subscription key), or, in the sandbox, the
   * simulator's for a tenant without settings; null when the tenant cannot send.
   */
  readonly submitterFor: (tenantId: string, settings: RtdSettings | null) => Promise<RtdSubmitter | null>
  /** Whether a tenant without settings may submit (the sandbox): then any sender code is accepted. */
  readonly openWithoutSettings: boolean
  readonly clock: Clock
  readonly newId: NewId
  readonly logger: Logger
  /** Largest input accepted, in bytes (RTD_MAX_INPUT_BYTES). */
  readonly maxInputBytes: number
  /** Keys held in memory before spilling (RTD_MAX_KEYS). */
  readonly maxKeys: number
  /** The aggregator (default the single-threaded aggregateRtd; on Node, adapters/rtd-parallel's on worker threads). */
  readonly aggregate?: RtdAggregate
  /** How long a worker holds a claimed submission before another may take it over. */
  readonly leaseMs: number
  /** Largest ADEACK file stored, in bytes. */
  readonly maxAckBytes: number
}

/** The name of the stored input inside a submission's directory. */
export const INPUT_FILE = 'input.csv'
