/**
 * Test chunks for the RTD upload: an ADE aggregate file (checksum line + 13-column rows, spec B2.1)
 * encrypted with openpgp to the far side's public key, under a file name not used before; or one
 * that does not decrypt, or lacks the checksum line. Each counts how often it was opened.
 * Runtime-neutral.
 * @module
 */

import * as openpgp from 'openpgp'
import type { RtdUpload } from '../../../ports/rtd-submitter.port.ts'

export const ORIGIN_SHA256 = '60be64932f8a49961c47ccd160a7f2df67a985d1d77c8d4f8477a35113eeff50'

/** Two aggregates: 3 payments for 123.45 € on 2026-11-22, 1 reversal of 5.00 € on 2026-11-21, two merchants. */
export const VALID_ROWS = [
  '99999;00;2026-11-23;2026-11-22;3;12345;978;09509;400000098174;98174002;fc543321;12345678901;00',
  '99999;01;2026-11-23;2026-11-21;1;500;978;09509;400000080205;80205005;fc123456;12345678901;00',
]

export const EXPECTED_SUMMARY = {
  minAccountingDate: '2026-11-21',
  maxAccountingDate: '2026-11-22',
  merchants: 2,
  negativeCount: 1,
  positiveCount: 3,
  negativeSumCents: 500,
  positiveSumCents: 12345,
  originSha256: ORIGIN_SHA256,
}

export type TestChunk = RtdUpload & { readonly opened: () => number }

export type ChunkKind = 'valid' | 'garbage' | 'no-checksum'

let serial = 0

export async function encryptTo(armoredKey: string, text: string): Promise<Uint8Array> {
  const encryptionKeys = await openpgp.readKey({ armoredKey })
  const message = await openpgp.createMessage({ binary: new TextEncoder().encode(text) })
  return openpgp.encrypt({ message, encryptionKeys, format: 'binary' })
}

/** A chunk of `kind` under a fresh `ADE.99999.TRNLOG.20261123.<hhmmss>.001.01.csv.pgp` name. */
export async function testChunk(armoredKey: string, kind: ChunkKind = 'valid'): Promise<TestChunk> {
  serial++
  const fileName = `ADE.99999.TRNLOG.20261123.${String(100000 + serial).slice(-6)}.001.01.csv.pgp`
  const bytes =
    kind === 'garbage'
      ? crypto.getRandomValues(new Uint8Array(300))
      : await encryptTo(armoredKey, `${kind === 'valid' ? `#sha256sum:${ORIGIN_SHA256}\n` : ''}${VALID_ROWS.join('\n')}\n`)
  let opened = 0
  return {
    fileName,
    size: bytes.length,
    open: () => {
      opened++
      return new ReadableStream({
        start(c) {
          // Two pieces, so the body really streams.
          c.enqueue(bytes.slice(0, 100))
          c.enqueue(bytes.slice(100))
          c.close()
        },
      })
    },
    opened: () => opened,
  }
}
