/**
 * `npx node bench/profile-fatturapa.ts [seconds]`: a CPU profile of the FatturaPA pipeline of bench/fatturapa.ts
 * (the 5-line invoice built, numbered, rendered and fully validated, in a loop on one core), taken in a child
 * `node --cpu-prof`, then the top functions by self time and the self time per module. Not part of `npm run bench`.
 * @module
 */

import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

type Frame = { functionName: string; url: string; lineNumber: number }
type Profile = { nodes: { id: number; callFrame: Frame; children?: number[] }[]; samples: number[]; timeDeltas: number[] }

/** The stages of the pipeline, by the function that runs each one. */
const STAGES = [
  'issueInvoice',
  'buildInvoice',
  'renderInvoice',
  'sanitizeInvoice',
  'toXml',
  'inspectFatturaXml',
  'parseDocument',
  'screenXml',
  'treeOf',
  'schemaIssues',
  'checkFatturaTree',
  'checkSdiRules',
  'checkIdentifiers',
]

/** Total (inclusive) time per stage, as shares of the whole profile (a recursive call is counted once). */
export function stageTime(profile: Profile, names: readonly string[]): { key: string; pct: number }[] {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const inStage = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0
    total += dt
    const seen = new Set<string>()
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) seen.add(byId.get(n)?.callFrame.functionName ?? '')
    for (const name of names) if (seen.has(name)) inStage.set(name, (inStage.get(name) ?? 0) + dt)
  })
  return names.map((key) => ({ key, pct: Math.round(((inStage.get(key) ?? 0) / total) * 1000) / 10 }))
}

/** Self time per key (a function, or a module), as shares of the whole profile, highest first. */
export function selfTime(
  profile: Profile,
  keyOf: (f: Frame | undefined) => string,
  under?: string,
): { key: string; ms: number; pct: number }[] {
  const byId = new Map(profile.nodes.map((x) => [x.id, x.callFrame]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const inside = (id: number): boolean => {
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) if (byId.get(n)?.functionName === under) return true
    return false
  }
  const self = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0
    if (under !== undefined && !inside(id)) return
    const key = keyOf(byId.get(id))
    self.set(key, (self.get(key) ?? 0) + dt)
    total += dt
  })
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([key, us]) => ({ key, ms: Math.round(us / 1000), pct: Math.round((us / total) * 1000) / 10 }))
}

const root = `file://${process.cwd()}/`
const byFunction = (f: Frame | undefined): string =>
  `${f?.functionName || '(anonymous)'} ${f?.url ? `${f.url.replace(root, '').replace(/^.*node_modules\//, '')}:${f.lineNumber + 1}` : ''}`.trim()
const byModule = (f: Frame | undefined): string => {
  if (!f?.url) return f?.functionName === '(garbage collector)' ? '(garbage collector)' : 'v8 (program, idle, native)'
  if (f.url.startsWith('node:')) return 'node internals'
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url)?.[1] ?? f.url.replace(root, '')
}

async function loop(seconds: number): Promise<void> {
  const { benchFatturapa } = await import('./fatturapa.ts')
  const r = await benchFatturapa(seconds, { only: 'fiveLines' })
  console.log(`5-line invoice: ${r.fiveLines.perSec}/s (${r.fiveLines.msEach.toFixed(3)} ms each) under the profiler`)
}

if (import.meta.main) {
  const seconds = Number(process.argv[2] ?? 10)
  if (process.argv[3] === '--child') await loop(seconds)
  else {
    const dir = mkdtempSync(join(tmpdir(), 'varco-fp-profile-'))
    try {
      const self = fileURLToPath(import.meta.url)
      const child = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, self, String(seconds), '--child'], {
        stdio: 'inherit',
      })
      if (child.status !== 0) throw new Error(`profiled child exited with ${child.status}`)
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
      if (!file) throw new Error('no profile written')
      const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile
      const top = Number(process.env['PROFILE_TOP'] ?? 30)
      // PROFILE_UNDER=buildInvoice: only the samples below that function (shares of its own time).
      for (const r of selfTime(profile, byFunction, process.env['PROFILE_UNDER']).slice(0, top))
        console.log(`${String(r.pct).padStart(5)}%  ${r.key}`)
      console.log('')
      for (const r of selfTime(profile, byModule).slice(0, 20)) console.log(`${String(r.pct).padStart(5)}%  ${r.key}`)
      console.log('')
      for (const r of stageTime(profile, STAGES)) console.log(`${String(r.pct).padStart(5)}%  ${r.key} (inclusive)`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
