/**
 * `npx node bench/fatturapa-compare.ts <other checkout> [seconds]`: the FatturaPA pipeline of bench/fatturapa.ts
 * (an invoice built, numbered, rendered and fully validated) of this checkout against the same pipeline of
 * another checkout of the repo (e.g. a worktree of main), in one process, alternating 200 ms turns so both
 * see the same machine load. Prints each one's rate (invoices per wall second and per CPU second of the
 * process) and the ratio. For a before/after figure on a shared machine, where absolute rates drift.
 * Not part of `npm run bench`.
 * @module
 */

import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

type Input = unknown
type Pipeline = { readonly name: string; run(make: 'seed' | 'five', n: number): Promise<void> }

async function pipeline(name: string, dir: string): Promise<Pipeline> {
  const at = (p: string) => pathToFileURL(resolve(dir, p)).href
  const { createInvoiceGenerator } = await import(at('adapters/fatturapa/generator.ts'))
  const { createNodeXsdValidator } = await import(at('adapters/fatturapa/xsd/node.ts'))
  const { issueInvoice } = await import(at('core/use-cases/issue-invoice.ts'))
  const { seedInvoice, typicalInvoice } = await import(at('bench/fatturapa.ts'))
  const xsd = await createNodeXsdValidator()
  let seq = 0
  const deps = { sequence: { next: async () => ++seq }, generator: createInvoiceGenerator(), xsd: async () => xsd }
  return {
    name,
    async run(make, n) {
      const input: Input = make === 'seed' ? seedInvoice(n) : typicalInvoice(n)
      const r = await issueInvoice(input, { today: '2026-11-23' }, deps)
      if (!r.ok) throw new Error(`${name}: invoice refused: ${JSON.stringify(r.issues[0])}`)
    },
  }
}

type Tally = { n: number; wallMs: number; cpuUs: number }

async function compare(a: Pipeline, b: Pipeline, make: 'seed' | 'five', seconds: number): Promise<[Tally, Tally]> {
  const tallies: [Tally, Tally] = [
    { n: 0, wallMs: 0, cpuUs: 0 },
    { n: 0, wallMs: 0, cpuUs: 0 },
  ]
  for (const p of [a, b]) for (let i = 0; i < 500; i++) await p.run(make, i) // warm-up (JIT)
  const end = performance.now() + seconds * 1000
  for (let turn = 0; performance.now() < end; turn++) {
    const i = turn % 2
    const p = i === 0 ? a : b
    const t = tallies[i] as Tally
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    const stop = t0 + 200
    while (performance.now() < stop) await p.run(make, t.n++)
    const cpu = process.cpuUsage(c0)
    t.wallMs += performance.now() - t0
    t.cpuUs += cpu.user + cpu.system
  }
  return tallies
}

if (import.meta.main) {
  const other = process.argv[2]
  if (!other) throw new Error('usage: node bench/fatturapa-compare.ts <other checkout> [seconds]')
  const seconds = Number(process.argv[3] ?? 10)
  const load = (await import('node:os')).loadavg().map((x) => x.toFixed(2))
  const mine = await pipeline('this checkout', process.cwd())
  const ref = await pipeline(`reference (${other})`, other)
  console.log(`load average at the start: ${load.join(' / ')}`)
  for (const make of ['seed', 'five'] as const) {
    const [x, y] = await compare(mine, ref, make, seconds)
    const rate = (t: Tally) => ({ wall: (t.n * 1000) / t.wallMs, cpu: (t.n * 1e6) / t.cpuUs })
    const [rx, ry] = [rate(x), rate(y)]
    const label = make === 'seed' ? 'seed invoice, 1 line' : '5-line invoice'
    console.log(
      `${label}: this ${Math.round(rx.wall)}/s (${Math.round(rx.cpu)} per CPU-s), reference ${Math.round(ry.wall)}/s ` +
        `(${Math.round(ry.cpu)} per CPU-s); ratio ${(rx.wall / ry.wall).toFixed(2)}× wall, ${(rx.cpu / ry.cpu).toFixed(2)}× CPU`,
    )
  }
}
