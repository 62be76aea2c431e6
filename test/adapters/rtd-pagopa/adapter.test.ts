/**
 * The pagoPA RTD adapter's own rules beyond the contract: the mTLS hook (a certificate without a
 * fetch that presents it fails at start-up), the status map and the invalid summary, the SAS expiry,
 * and an upload whose first attempt went unanswered never ends as a plain `retryable`.
 */

import { describe, expect, it } from 'vitest'
import { rtdPagopa } from '../../../adapters/rtd-pagopa/index.ts'
import { fileStatus, reportedFile, sasExpiry } from '../../../adapters/rtd-pagopa/map.ts'
import { rtdSimHarness } from './harness.ts'

const CERT = { certPem: '-----BEGIN CERTIFICATE-----…', keyPem: '-----BEGIN PRIVATE KEY-----…' }

describe('pagoPA RTD adapter', () => {
  it('refuses a client certificate without an mtlsFetch, and sends every call through the one it builds', async () => {
    const base = {
      baseUrl: 'http://rtd.test',
      subscriptionKey: 'k',
      fetch: (async () => new Response('', { status: 500 })) as typeof fetch,
    }
    expect(() => rtdPagopa({ ...base, clientCertificate: CERT })).toThrow(/mtlsFetch/)
    const seen: string[] = []
    const submitter = rtdPagopa({
      ...base,
      clientCertificate: CERT,
      mtlsFetch: (cert) =>
        (async (input: RequestInfo | URL) => {
          seen.push(`${cert.certPem.slice(0, 10)} ${new Request(input).url}`)
          return new Response('-----BEGIN PGP PUBLIC KEY BLOCK-----\n…', { status: 200 })
        }) as typeof fetch,
    })
    expect((await submitter.publicKey()).kind).toBe('ok')
    expect(seen).toEqual(['-----BEGIN http://rtd.test/rtd/csv-transaction/publickey'])
  })

  it('maps every FileStatusEnum value, anything else to unknown, and an invalid summary to null', () => {
    expect(
      ['RECEIVED_BY_PAGOPA', 'VALIDATED_BY_PAGOPA', 'SENT_TO_AGENZIA_DELLE_ENTRATE', 'ACK_TO_DOWNLOAD', 'ACK_DOWNLOADED', 'SUCCESS'].map(
        fileStatus,
      ),
    ).toEqual(['received', 'validated', 'sent_to_ade', 'ack_to_download', 'ack_downloaded', 'unknown'])
    const invalid = {
      minAccountingDate: null,
      maxAccountingDate: null,
      numberOfMerchants: -1,
      countNegativeTransactions: -1,
      countPositiveTransactions: -1,
      sumAmountNegativeTransactions: -1,
      sumAmountPositiveTransactions: -1,
      sha256OriginFile: null,
    }
    const f = {
      name: 'ADE.x.pgp',
      size: 1,
      status: 'RECEIVED_BY_PAGOPA',
      transmissionDate: '2026-11-23T10:00:00.000',
      dataSummary: invalid,
    }
    expect(reportedFile(f)).toMatchObject({ status: 'received', rawStatus: 'RECEIVED_BY_PAGOPA', summary: null })
  })

  it('reads the SAS expiry from se', () => {
    expect(sasExpiry('sig=a%2Fb&st=2022-01-25T07:17Z&se=2022-01-25T08:17Z&sp=rcw')?.toISOString()).toBe('2022-01-25T08:17:00.000Z')
    expect(sasExpiry('sig=a')).toBeNull()
  })

  it('an upload whose first attempt went unanswered, then 503s, is unknown (it may be stored), not retryable', async () => {
    const { control, adapter, harness } = await rtdSimHarness()
    const chunk = await harness.chunk()
    control.fault({ op: 'upload', kind: 'hang', after: true, delayMs: 300 })
    // After the first attempt (stored, answered too late) the next two answer 503.
    let armed = false
    const sleep = async () => {
      if (!armed) control.fault({ op: 'upload', kind: 'fail', status: 503, count: 2 })
      armed = true
    }
    const r = await adapter({ uploadTimeoutMs: 50, sleep }).upload(chunk)
    expect(r).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('may have stored') })
    expect(r.kind === 'unknown' && r.reason).toContain('503')
    expect(control.stored()).toBe(1)
  })
})
