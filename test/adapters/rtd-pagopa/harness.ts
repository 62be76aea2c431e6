/**
 * The RTD simulator in-process, mounted under `/sandbox/rtd` as createSandbox mounts it, and the
 * pagoPA RTD adapter wired to it through a fetch that skips only the socket, with the waits between
 * upload attempts recorded instead of slept. Runtime-neutral (Node and workerd).
 * @module
 */

import { type RtdPagopaConfig, rtdPagopa } from '../../../adapters/rtd-pagopa/index.ts'
import { rtdSimulator, SANDBOX_RTD } from '../../../sandbox/rtd/index.ts'
import type { RtdHarness } from '../../contract/rtd-submitter.contract.ts'
import { mountSimulator } from '../sim-harness.ts'
import { testChunk } from './files.ts'

export async function rtdSimHarness() {
  const s = mountSimulator('rtd', (clock) => rtdSimulator({ clock }))
  const control = s.sim.control
  const waits: number[] = []
  const config: RtdPagopaConfig = {
    baseUrl: s.base,
    subscriptionKey: SANDBOX_RTD.subscriptionKey,
    fetch: s.simFetch,
    sleep: async (ms) => {
      waits.push(ms)
    },
  }
  const adapter = (over: Partial<RtdPagopaConfig> = {}) => rtdPagopa({ ...config, ...over })
  const harness: RtdHarness = {
    submitter: adapter(),
    waits,
    withKey: (subscriptionKey) => adapter({ subscriptionKey }),
    slow: () => adapter({ uploadTimeoutMs: 50, timeoutMs: 50, uploadAttempts: 1 }),
    chunk: async (kind) => testChunk(await control.publicKey(), kind),
    farPublicKey: control.publicKey,
    failNext: (op, status, count) => control.fault({ op, kind: 'fail', status, ...(count ? { count } : {}) }),
    dropNextUpload: (mode) => control.fault({ op: 'upload', kind: 'drop', mode }),
    hangNextUpload: () => control.fault({ op: 'upload', kind: 'hang', after: true, delayMs: 300 }),
    expireNextSas: () => control.expireNextSas(1),
    grantsIssued: control.sasIssued,
    stored: control.stored,
    puts: () =>
      control.puts().map((p) => ({ fileName: p.fileName, sig: p.sig, blobType: p.blobType, msVersion: p.msVersion, status: p.status })),
    adeAnswer: (fileName) => {
      const r = control.adeAnswer(fileName)
      if (!r.ok) throw new Error(`AdE could not answer ${fileName}: ${r.reason}`)
      return r.ackFile
    },
  }
  return { ...s, control, adapter, harness }
}
