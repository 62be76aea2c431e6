/**
 * A directory of RTD files: an uploaded CSTAR input, the ADE chunks made from it (plain or `.pgp`), the
 * rejected-rows side file, downloaded ADEACK files. Files are written whole from a stream and read back as
 * streams, so a file of any size never sits in memory. A write lands under its final name only once it is
 * complete (temp name, then rename): a crash leaves no half file that could later be read or uploaded.
 * Names are plain file names (`[A-Za-z0-9._-]`, no leading dot): a name with a path in it is refused.
 * Implementation: adapters/rtd-files/fs.ts (local disk; Node and Deno).
 * @module
 */

export type WrittenFile = {
  readonly size: number
  /** Lower-case hex sha256 of the bytes written. */
  readonly sha256: string
}

/** A write stopped at `maxBytes`: nothing is kept. */
export class FileTooLargeError extends Error {
  readonly maxBytes: number
  constructor(maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`)
    this.name = 'FileTooLargeError'
    this.maxBytes = maxBytes
  }
}

export interface RtdFiles {
  /**
   * Writes `name` from `bytes` (replacing a file of that name). Throws FileTooLargeError past `maxBytes`,
   * and whatever the stream throws; either way nothing is kept under `name`.
   */
  write(name: string, bytes: ReadableStream<Uint8Array>, options?: { readonly maxBytes?: number }): Promise<WrittenFile>
  /** The bytes of `name`, or null when there is no such file. A fresh stream per call. */
  open(name: string): Promise<ReadableStream<Uint8Array> | null>
  /** Byte size of `name`, or null. */
  size(name: string): Promise<number | null>
  /** The file names, sorted. */
  list(): Promise<string[]>
  /** Deletes `name`; a missing file is fine. */
  remove(name: string): Promise<void>
  /** A sub-directory (created on first write), e.g. one per submission. Same naming rule. */
  sub(name: string): RtdFiles
}

const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}$/

/** True for a name an RtdFiles accepts (no path separators, no `..`, no leading dot). */
export function isSafeFileName(name: string): boolean {
  return SAFE_NAME.test(name) && !name.includes('..')
}
