/**
 * FileEncryptor with openpgp v6 (pure JS + WebCrypto: Node, Deno, workerd; no Node-only API here).
 * Streams end to end: `createMessage({ binary: ReadableStream })` → `encrypt({ format: 'binary' })`
 * yields a web ReadableStream, so a chunk flows through in small pieces and is never held whole.
 * Output: a binary (not armored) OpenPGP message, public-key encrypted session key + SEIPD v1 (MDC)
 * with AES-256 (when the key lists it, as gpg keys do) and, by default, ZIP compression as pagoPA's
 * reference batch uses (pagopa.md B4.1 "PGP"). `gpg --decrypt` and BouncyCastle read it.
 * @module
 */

import * as openpgp from 'openpgp'
import { err, ok } from '../../core/result.ts'
import type { Clock } from '../../ports/clock.port.ts'
import type { FileEncryptor } from '../../ports/file-encryptor.port.ts'
import { checkRecipientKey } from './recipient-key.ts'

export type OpenPgpEncryptorConfig = {
  /** Compression inside the envelope: `zip` (deflate, default; CSV shrinks several times) or `none`. */
  readonly compression?: 'zip' | 'none'
  /** Time for key validity and the literal packet's date; defaults to the system clock. */
  readonly clock?: Clock
}

/**
 * @example
 * const pgp = createOpenPgpEncryptor()
 * const sealed = await pgp.encrypt(file.stream(), armoredKey, { fileName: 'ADE.x.csv' })
 * if (sealed.ok) await sealed.value.pipeTo(sink)
 */
export function createOpenPgpEncryptor(config: OpenPgpEncryptorConfig = {}): FileEncryptor {
  const clock = config.clock ?? (() => new Date())
  const compression =
    config.compression === 'none' ? openpgp.enums.compression.uncompressed : openpgp.enums.compression.zip
  return {
    async checkRecipientKey(armored, options = {}) {
      const checked = await checkRecipientKey(armored, clock(), options.expectedFingerprint)
      return checked.ok ? ok(checked.value.info) : checked
    },

    async encrypt(plain, armored, options = {}) {
      const now = clock()
      const checked = await checkRecipientKey(armored, now, options.expectedFingerprint)
      if (!checked.ok) {
        await plain.cancel().catch(() => undefined)
        return err(checked.error)
      }
      const message = await openpgp.createMessage({
        binary: plain,
        format: 'binary',
        date: now,
        ...(options.fileName === undefined ? {} : { filename: options.fileName }),
      })
      const sealed = await openpgp.encrypt({
        message,
        encryptionKeys: checked.value.key,
        format: 'binary',
        date: now,
        // SEIPD v1 + MDC, readable by gpg 2.2 and BouncyCastle. (openpgp still picks SEIPD v2 when the
        // key itself advertises it, which only v6/crypto-refresh keys do.)
        config: { aeadProtect: false, preferredCompressionAlgorithm: compression },
      })
      // openpgp types its output as its own WebStream; at runtime it is the platform ReadableStream.
      return ok(sealed as unknown as ReadableStream<Uint8Array>)
    },
  }
}
