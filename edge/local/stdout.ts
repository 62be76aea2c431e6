/**
 * Log sink for Node and Deno: lines written during one event-loop turn go out in one write
 * (one syscall instead of one per request), at the latest on the next turn, or at once past 64 KiB.
 * Pending lines are flushed when the process exits.
 * @module
 */

import { writeSync } from 'node:fs'

export function bufferedStdout(): (line: string) => void {
  let buf = ''
  let scheduled = false
  const flush = () => {
    scheduled = false
    if (buf === '') return
    const out = buf
    buf = ''
    process.stdout.write(out)
  }
  // At exit there is no next turn: write what is left synchronously.
  process.once('exit', () => {
    if (buf !== '') writeSync(1, buf)
  })
  return (line) => {
    buf += `${line}\n`
    if (buf.length > 65_536) flush()
    else if (!scheduled) {
      scheduled = true
      setImmediate(flush)
    }
  }
}
