/**
 * Log sink for Node and Deno: lines written during one event-loop turn go out in one write
 * (one syscall instead of one per request), at the latest on the next turn, or at once past 64 KiB.
 *
 * Every write is synchronous and whole, as pino's default destination is: `process.stdout.write` on a
 * pipe that is full (a slow log collector) queues the rest in memory, and `process.exit` drops that
 * queue, so lines already logged were lost on a clean stop. A full pipe now makes the writer wait
 * (1 ms at a time) until the reader takes the bytes; pending lines are written when the process exits.
 * @module
 */

import { writeSync } from 'node:fs'

const STDOUT = 1
const pause = new Int32Array(new SharedArrayBuffer(4))

/** Writes all of `text` to `fd`, waiting while a non-blocking pipe is full (EAGAIN). */
function writeAllSync(fd: number, text: string): void {
  let bytes = Buffer.from(text)
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(fd, bytes))
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e
      Atomics.wait(pause, 0, 0, 1)
    }
  }
}

export function bufferedStdout(): (line: string) => void {
  let buf = ''
  let scheduled = false
  const flush = () => {
    scheduled = false
    if (buf === '') return
    const out = buf
    buf = ''
    writeAllSync(STDOUT, out)
  }
  // At exit there is no next turn: write what is left.
  process.once('exit', flush)
  return (line) => {
    buf += `${line}\n`
    if (buf.length > 65_536) flush()
    else if (!scheduled) {
      scheduled = true
      setImmediate(flush)
    }
  }
}
