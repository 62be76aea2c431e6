/**
 * Local disk for RTD on Node and Deno: the tenants' files under RTD_DATA_DIR (default `<data dir>/rtd`), spill runs
 * in a `tmp` directory beside them (same disk, so a large input never fills a small /tmp). On Node, with
 * RTD_WORKERS > 1, inputs of 16 MiB and more are aggregated on worker threads (adapters/rtd-parallel: about 1.5–2× the rows/s
 * on 2 cores, flat RSS; the CLI's default); by default, and on Deno, in one thread (the server's cores serve requests).
 * @module
 */

import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fsRtdFiles } from '../../adapters/rtd-files/fs.ts'
import { createParallelRtdAggregator } from '../../adapters/rtd-parallel/aggregate.ts'
import { createFsSpillStore } from '../../adapters/rtd-spill/fs.ts'
import type { RtdDisk } from '../deps/rtd.ts'

export function localRtdDisk(env: Readonly<Record<string, string | undefined>>, dataDir: string): RtdDisk {
  const root = resolve(env['RTD_DATA_DIR'] || join(dataDir, 'rtd'))
  const tmp = join(root, 'tmp')
  const onNode = typeof (globalThis as { Deno?: unknown }).Deno === 'undefined'
  const workers = Number(env['RTD_WORKERS'] || 1)
  mkdirSync(tmp, { recursive: true })
  return {
    ...(onNode && workers > 1 ? { aggregate: createParallelRtdAggregator({ parentDir: tmp, workers }) } : {}),
    files: fsRtdFiles(join(root, 'tenants')),
    openSpill: () => {
      mkdirSync(tmp, { recursive: true })
      return createFsSpillStore({ parentDir: tmp })
    },
  }
}
