/**
 * The payment loads of bench/payment-load.ts driven by wrk (Debian's package, C, one epoll thread) instead of
 * autocannon, for `BENCH_CLIENT=wrk`. The load generator shares this machine's two cores with the gateway:
 * autocannon spends about 0.1 ms of CPU per request in Node (a quarter of a core at 2,500 requests/s), wrk a
 * fraction of that, so what wrk measures is closer to the gateway alone. Same work as with autocannon: the same
 * creation events (one fresh event per request), the same links, each opened exactly once.
 * Latency is wrk's own (from the request's first byte written to the response's last byte read, µs).
 * `WRK_DEBUG=1` passes wrk's stderr through and prints the creation answers other than 201.
 * @module
 */

import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { creationEvent } from '../test/fakes/payment-event.fake.ts'
import type { LoadFigures, PaymentTarget } from './payment-load.ts'

/** wrk's path, or null when it is not installed (scripts/ensure-test-tools.sh installs it). */
export function wrkPath(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).trim() || null
  } catch {
    return null
  }
}

/** What one wrk run reports: the rate over its own duration (first request to its stop), and wrk's mean latency. */
export type WrkResult = LoadFigures & { readonly meanMs: number }

const lua = (s: string) => `[==[${s}]==]`

/** A run of `n` requests ends at its last answer; wrk's duration (n ÷ 20 s, at least 60 s) only bounds a run that loses some. */
const ceiling = (n: number) => Math.max(60, Math.ceil(n / 20))

/**
 * The Lua every run shares (its scripts come after it): the run's list (WRK_LIST, one entry a line), `take()` for each
 * script's request(), `out` for what a script keeps (WRK_OUT), and `counted(status)` from each script's response();
 * WRK_EXPECT is the status every answer should have, WRK_TOTAL the answers after which the thread stops (0: run for the
 * duration).
 */
const COMMON = `
-- request() hands out the list in order, each entry once, through take(). wrk calls request() once before the run to
-- check what it returns (that answer is not sent: 'verified'). Every request of a connection, its first included,
-- comes after a delay() whose timer then calls request(): so delay() reserves the entry (several connections may pass
-- delay() before the first of them calls request()), parks the connection once every entry is reserved, and the
-- thread stops at the last expected answer.
local list = {}
for l in io.lines(os.getenv('WRK_LIST')) do list[#list + 1] = l end
out = io.open(os.getenv('WRK_OUT'), 'w')
out:setvbuf('line')
local reserved, taken, verified = 0, 0, false
function delay() if reserved >= #list then return 3600000 end reserved = reserved + 1 return 0 end
function take()
  if not verified then verified = true return list[1] end
  taken = taken + 1
  return list[taken]
end
local expect = tonumber(os.getenv('WRK_EXPECT'))
local total = tonumber(os.getenv('WRK_TOTAL'))
answered, other, others = 0, 0, ''
local threads = {}
function setup(thread) table.insert(threads, thread) end
function counted(status)
  answered = answered + 1
  if status ~= expect then
    other = other + 1
    if other <= 5 then others = others .. status .. ' ' end
  end
  if total > 0 and answered == total then
    io.write('WRKSTOP\\n') io.flush()
    wrk.thread:stop()
  end
end
function done(summary, latency, requests)
  local n, o, codes = 0, 0, ''
  for _, t in ipairs(threads) do n = n + t:get('answered'); o = o + t:get('other'); codes = codes .. t:get('others') end
  if o > 0 then io.write('WRKOTHER ', codes, '\\n') end
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"answered":%d,"other":%d,"errors":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\\n',
    summary.requests, n, o, e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
`

/** One wrk run of `script` over `list`; `kept` is what the script wrote to `out`, one entry a line. */
async function runWrk(
  url: string,
  script: string,
  list: readonly string[],
  options: { readonly connections: number; readonly durationS: number; readonly expect: number; readonly total: number },
): Promise<WrkResult & { readonly kept: string[] }> {
  const bin = wrkPath()
  if (bin === null) throw new Error('wrk is not installed: run bash scripts/ensure-test-tools.sh (Debian package wrk)')
  const dir = mkdtempSync(join(tmpdir(), 'varco-wrk-'))
  try {
    const file = join(dir, 'load.lua')
    const listFile = join(dir, 'list.txt')
    const outFile = join(dir, 'out.txt')
    writeFileSync(file, `${COMMON}\n${script}`)
    writeFileSync(listFile, `${list.join('\n')}\n`)
    const args = ['-t1', `-c${options.connections}`, `-d${options.durationS}s`, '--timeout', '30s', '-s', file, url]
    const env = {
      ...process.env,
      WRK_LIST: listFile,
      WRK_OUT: outFile,
      WRK_EXPECT: String(options.expect),
      WRK_TOTAL: String(options.total),
    }
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
      let stdout = ''
      let stderr = ''
      let stopped = false
      // wrk's main thread sleeps for the whole duration whatever its threads do: the script says when it has
      // every answer it waits for, and SIGINT ends the sleep (wrk then prints its summary as usual).
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString()
        if (stdout.includes('WRKSTOP\n') && !stopped) {
          stopped = true
          child.kill('SIGINT')
        }
      })
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString()
        if (process.env['WRK_DEBUG']) process.stderr.write(d)
      })
      child.on('error', reject)
      child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`wrk exited ${code}: ${stderr}${stdout}`))))
    })
    const other = out.split('\n').find((l) => l.startsWith('WRKOTHER '))
    if (other !== undefined) process.stderr.write(`wrk: answers other than ${options.expect} (the first 5): ${other.slice(9)}\n`)
    const line = out.split('\n').find((l) => l.startsWith('WRKJSON '))
    if (line === undefined) throw new Error(`wrk printed no summary: ${out}`)
    const r = JSON.parse(line.slice('WRKJSON '.length)) as Record<string, number>
    const ms = (us: number | undefined) => Math.round((us ?? 0) / 100) / 10
    return {
      requests: r['answered'] ?? 0,
      perS: Math.round(((r['answered'] ?? 0) * 1e6) / Math.max(1, r['duration_us'] ?? 1)),
      p50: ms(r['p50_us']),
      p90: ms(r['p90_us']),
      p99: ms(r['p99_us']),
      max: ms(r['max_us']),
      meanMs: ms(r['mean_us']),
      unexpected: r['other'] ?? 0,
      errors: r['errors'] ?? 0,
      kept: readFileSync(outFile, 'utf8')
        .split('\n')
        .filter((l) => l !== ''),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Creations through wrk: `POST /payments` with a fresh CREATION_PENDING event each, for `amount` answers or for
 * `duration` seconds (then up to 4,000 events a second are prepared). The begin link of each 201 is appended to `links`.
 */
export async function createPaymentsWrk(
  t: PaymentTarget,
  options: { readonly connections: number; readonly duration?: number; readonly amount?: number },
  out: { readonly links: string[] },
): Promise<WrkResult> {
  const n = options.amount ?? (options.duration ?? 10) * 4000
  const bodies = Array.from({ length: n }, () => JSON.stringify(creationEvent(t.tenantId, t.serviceId)))
  const headers = Object.entries(t.auth)
    .map(([k, v]) => `wrk.headers[ ${lua(k)} ] = ${lua(v)}`)
    .join('\n')
  const script = `
wrk.method = 'POST'
wrk.path = '/payments'
${headers}
function request() return wrk.format(nil, nil, nil, take()) end
function response(status, headers, body)
  if status == 201 then
    local url = body:match('"online_payment_begin":{"url":"([^"]+)"')
    if url then out:write(url:match('^https?://[^/]+(/.*)$') or url, '\\n') end
  elseif os.getenv('WRK_DEBUG') then
    io.stderr:write(status, ' ', body:sub(1, 400), '\\n')
  end
  counted(status)
end
`
  const { kept, ...result } = await runWrk(`${t.url}/payments`, script, bodies, {
    connections: options.connections,
    durationS: options.amount !== undefined ? ceiling(options.amount) : (options.duration ?? 10),
    expect: 201,
    total: options.amount ?? 0,
  })
  out.links.push(...kept)
  return result
}

/** Each link opened exactly once through wrk, `connections` at a time; 303 is the expected answer. */
export async function openLinksOnceWrk(url: string, links: readonly string[], connections = 50): Promise<WrkResult> {
  const script = `
function request() return wrk.format('GET', take()) end
function response(status, headers, body) counted(status) end
`
  const { kept: _, ...result } = await runWrk(url, script, links, {
    connections,
    durationS: ceiling(links.length),
    expect: 303,
    total: links.length,
  })
  return result
}
