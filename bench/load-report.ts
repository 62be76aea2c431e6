/** bench:load's section of BENCHMARKS.md: one table per run (per class and overall), RSS and the shedding timeline. @module */

import type { ClassRow } from './load-stats.ts'

export type RunResult = {
  readonly label: string
  readonly runtime: 'node' | 'wrangler-dev'
  readonly connections: number
  readonly durationS: number
  readonly classes: readonly ClassRow[]
  readonly overall: ClassRow
  /** autocannon's connection errors and timeouts (no answer at all). */
  readonly errors: number
  readonly timeouts: number
  readonly rssStart: Record<string, number>
  readonly rssMax: Record<string, number>
  readonly health: { readonly seen: Record<string, number>; readonly maxMs: number }
  readonly timeline: ReadonlyArray<readonly [number, number, number, number]>
}

type Meta = {
  readonly command: string
  readonly date: string
  readonly commit: string
  readonly machine: string
  readonly loadAvg: string
  readonly shed: Readonly<Record<string, string>>
}

const rssText = (r: Record<string, number>) =>
  Object.entries(r)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ${v} MiB`)
    .join(', ') || 'n/a'

const line = (r: ClassRow) =>
  `| ${r.name === 'all' ? '**all**' : r.name} | ${r.requests} | ${r.name === 'all' ? `**${r.rps}**` : r.rps} | ${r.p50} | ${r.p99} | ${r.ok} | ${r.c4xx} | ${r.c5xx - r.c503} | ${r.c503} |`

function table(r: RunResult): string {
  const health = Object.entries(r.health.seen)
    .map(([s, n]) => `${n}× ${s}`)
    .join(', ')
  return `### ${r.runtime === 'node' ? 'Node' : 'wrangler dev'}: ${r.label}, ${r.connections} connections, ${r.durationS} s

| Class | requests | req/s | p50 ms | p99 ms | 2xx/3xx | 4xx | 5xx (not 503) | 503 |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${[...r.classes, r.overall].map(line).join('\n')}

Connection errors ${r.errors}, timeouts ${r.timeouts}. RSS at the start: ${rssText(r.rssStart)}; peak: ${rssText(r.rssMax)}.
GET /health probed by curl every 250 ms meanwhile: ${health || 'none'} (slowest ${r.health.maxMs} ms).
`
}

/** Per second of a run: answers that passed (2xx/3xx), 4xx, 503 and other 5xx. */
function timeline(r: RunResult): string {
  const cells = r.timeline.map(([ok, c4, c503, c5], s) => `| ${s + 1} | ${ok} | ${c4} | ${c503} | ${c5} |`)
  return `<details><summary>Per second: ${r.label}</summary>

| second | 2xx/3xx | 4xx | 503 | other 5xx |
|---:|---:|---:|---:|---:|
${cells.join('\n')}

</details>
`
}

export function loadMarkdown(results: readonly RunResult[], meta: Meta): string {
  const shed = results.filter((r) => r.label.includes('shedding'))
  const at50 = results.filter((r) => r.connections === 50)
  const fiveXx50 = at50.reduce((n, r) => n + r.overall.c5xx, 0)
  return `## Load (issue 16)

Command: \`${meta.command}\` (bench/load.ts). Date: ${meta.date}. Commit: ${meta.commit}.
Machine: ${meta.machine}. Load average (1/5/15 min) at the start: ${meta.loadAvg}; the load generator shares the cores.
Workload (bench/load-workload.ts), each connection cycling through ten requests: 8 reads (GET /tenants/{id} ×3,
GET /payments/{id} ×3 of 50 pagoPA payments, GET /status ×2), 1 CREATION_PENDING event (POST /payments, creation
at the in-process pagoPA simulator) and 1 of, in turn, a Revolut webhook signed as the simulator signs it (about 20
orders, half paid: a re-read at the simulator each), an OpenAPI.it SDI callback with the simulator's header secret
(about an invoice not known here: verified, recorded in the inbox, acknowledged) and a FatturaPA invoice
(POST /fatturapa/genera: numbered, rendered, fully validated). Latency per class from request to answer; autocannon,
loopback only. Every server is fresh (an unrecorded warm-up of a few seconds at 10 connections first), sandbox on,
access log to /dev/null; shedding defaults (VARCO_MAX_INFLIGHT 128, VARCO_MAX_QUEUE 1024, VARCO_QUEUE_TIMEOUT_MS 5000)
except in the shedding runs. RSS is VmRSS from /proc/<pid>/status of the server's processes, sampled every second.

5xx at 50 connections: **${fiveXx50}** (goal 0: **${fiveXx50 === 0 ? 'met' : 'NOT met'}**).

${results.map(table).join('\n')}
${
  shed.length > 0
    ? `Shedding (limits ${Object.entries(meta.shed)
        .map(([k, v]) => `${k}=${v}`)
        .join(
          ', ',
        )}): over the limit the gateway answers 503 \`overloaded\` with \`Retry-After: 1\` at once instead of queueing without bound; /health is never held. autocannon does not honour Retry-After, so shed connections retry at once and the 503 count is high by construction. The run after the burst shows recovery.\n\n${shed.map(timeline).join('\n')}`
    : ''
}`
}
