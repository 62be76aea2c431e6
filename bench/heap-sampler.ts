/**
 * Where a request's garbage comes from (issue 15: the redirect's wide latency body follows the scavenges).
 *
 * Loaded into the gateway with `--import ./bench/heap-sampler.ts` (bench/redirect-tail.ts does it when
 * BENCH_HEAP_PROF=<dir> is set): V8's sampling heap profiler runs from the start, counting objects that the
 * young- and old-generation collections already freed (what `--heap-prof` leaves out: it keeps only the live
 * ones). Each SIGUSR2 writes what was sampled since the last one to `<dir>/heap-<n>.json` and starts again.
 * `allocationsByOwnFrame` turns such a profile into KB per request, by the nearest frame of the gateway's own code.
 * @module
 */

import { renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** One sample per this many bytes allocated, on average (V8's default is 32 KiB: too coarse for ~100 KB requests). */
export const SAMPLING_INTERVAL = 4096

type CallFrame = { readonly functionName: string; readonly url: string; readonly lineNumber: number }
export type HeapNode = { readonly id: number; readonly callFrame: CallFrame; readonly children?: readonly HeapNode[] }
export type HeapProfile = { readonly head: HeapNode; readonly samples: readonly { readonly nodeId: number }[] }

export type AllocationShare = { readonly frame: string; readonly kbPerRequest: number; readonly pct: number }

/**
 * KB allocated per request (samples × the interval ÷ requests), and the top `n` of it by the nearest frame whose
 * file is under `root` and outside node_modules (`(no own frame)`: Node's HTTP server, timers, GC-time callbacks).
 */
export function allocationsByOwnFrame(
  profile: HeapProfile,
  requests: number,
  root: string,
  n = 15,
): { readonly kbPerRequest: number; readonly top: readonly AllocationShare[] } {
  const own = (f: CallFrame) => f.url.startsWith(root) && !f.url.includes('/node_modules/')
  const nearest = new Map<number, string>()
  const walk = (node: HeapNode, inherited: string) => {
    const f = node.callFrame
    const here = own(f)
      ? `${f.functionName || '(anonymous)'} ${f.url.slice(root.length).replace(/^\//, '')}:${f.lineNumber + 1}`
      : inherited
    nearest.set(node.id, here)
    for (const c of node.children ?? []) walk(c, here)
  }
  walk(profile.head, '(no own frame)')
  const counts = new Map<string, number>()
  for (const s of profile.samples) {
    const k = nearest.get(s.nodeId) ?? '(no own frame)'
    counts.set(k, (counts.get(k) ?? 0) + 1)
  }
  const total = profile.samples.length
  const kb = (samples: number) => Math.round(((samples * SAMPLING_INTERVAL) / 1024 / Math.max(1, requests)) * 10) / 10
  const top = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([frame, c]) => ({ frame, kbPerRequest: kb(c), pct: Math.round((c / Math.max(1, total)) * 1000) / 10 }))
  return { kbPerRequest: kb(total), top }
}

async function startSampler(dir: string): Promise<void> {
  const { Session } = await import('node:inspector/promises')
  const session = new Session()
  session.connect()
  const options = { samplingInterval: SAMPLING_INTERVAL, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true }
  await session.post('HeapProfiler.enable')
  await session.post('HeapProfiler.startSampling', options)
  let n = 0
  process.on('SIGUSR2', async () => {
    const { profile } = await session.post('HeapProfiler.stopSampling')
    n++
    // Written whole, then renamed into place by name: the bench waits for the file to appear.
    writeFileSync(join(dir, `heap-${n}.json.part`), JSON.stringify(profile))
    renameSync(join(dir, `heap-${n}.json.part`), join(dir, `heap-${n}.json`))
    await session.post('HeapProfiler.startSampling', options)
  })
}

const dir = process.env['BENCH_HEAP_PROF']
if (dir && process.argv.some((a) => a.endsWith('edge/node.ts'))) await startSampler(dir)
