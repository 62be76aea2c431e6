/**
 * The sandbox's in-process fetch (sandbox/index.ts): an adapter's `<origin>/sandbox/…` call reaches
 * the simulator without the caller's AbortSignal in the Request (issue 15, third pass), yet a call
 * whose signal is already aborted is refused as fetch refuses it, and the adapters' deadline
 * (adapters/shared/http.ts) still bounds a slow simulator.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { createHttpClient } from '../../adapters/shared/http.ts'
import { createSandbox } from '../../sandbox/index.ts'
import { SIM_DELAY_HEADER } from '../../sandbox/shared/hooks.ts'

const ORIGIN = 'http://127.0.0.1:8787'
const unreachable = (async () => {
  throw new Error('no upstream in this test')
}) as typeof fetch

describe('sandbox fetch, in-process path', () => {
  it('answers a call that carries a live signal', async () => {
    const sandbox = createSandbox(ORIGIN, unreachable)
    const res = await sandbox.fetch(`${ORIGIN}/sandbox/pagopa/gpd/debt-positions-service/v1/info`, {
      signal: new AbortController().signal,
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ environment: 'sandbox' })
  })

  it('refuses a call whose signal is already aborted, with its reason', async () => {
    const sandbox = createSandbox(ORIGIN, unreachable)
    const ctrl = new AbortController()
    ctrl.abort()
    await expect(
      sandbox.fetch(`${ORIGIN}/sandbox/pagopa/gpd/debt-positions-service/v1/info`, { signal: ctrl.signal }),
    ).rejects.toMatchObject({
      name: 'AbortError',
    })
  })

  it('leaves the deadline to the caller: a slow simulator is a TimeoutError', async () => {
    const sandbox = createSandbox(ORIGIN, unreachable)
    const http = createHttpClient({ baseUrl: `${ORIGIN}/sandbox/pagopa`, fetch: sandbox.fetch, timeoutMs: 20 }, () => ({
      [SIM_DELAY_HEADER]: '200',
    }))
    await expect(http.exchange({ method: 'GET', path: '/gpd/debt-positions-service/v1/info' })).rejects.toMatchObject({
      name: 'TimeoutError',
    })
  })
})
