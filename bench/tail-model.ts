/**
 * `node bench/tail-model.ts`: how wide a first open's latency is for a server with the gateway's structure but
 * none of its code (issue 15). A child `node:http` server answers each request as a first open does, in CPU spent
 * by a busy loop: 40 µs of parsing; a wait until the last commit it could see is durable (as a read does); 120 µs of
 * work; a write queued to a group committed at the end of the event-loop turn (30 µs + 36 µs per write, one 12 KiB
 * append each) and answered after an `fdatasync` on the thread pool; 60 µs to answer. About 0.3 ms of main-thread
 * CPU a request, as the gateway's. The same server then also makes BENCH_MODEL_ALLOCS short-lived objects per request
 * (default 0, 500, 1000 and 2000 in turn; the sampling heap profiler puts 2000 at about 234 KB, and the gateway's first
 * open allocates about 115 KB: bench/redirect-tail.ts with BENCH_HEAP_PROF). BENCH_MODEL_SCALE (default 1) scales every
 * CPU step, e.g. `BENCH_MODEL_ALLOCS=0 BENCH_MODEL_SCALE=1,0.75,0.5,0.35`: how little CPU a first open would have to take
 * for a given p99 on this machine. autocannon, 50 connections, 6 s each. Prints one row per setting. Not part of
 * `npm run bench`.
 * @module
 */

import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { freePort } from '../test/setup/sqld.ts'
import { NODE, waitFor } from './server.ts'

const SERVER = `
const http = require('node:http')
const fs = require('node:fs')
const fd = fs.openSync(process.env.MODEL_FILE, 'w')
const page = Buffer.alloc(12288, 1)
const allocs = Number(process.env.MODEL_ALLOCS)
const scale = Number(process.env.MODEL_SCALE)
const spin = (us) => { const end = process.hrtime.bigint() + BigInt(Math.round(us * scale * 1000)); while (process.hrtime.bigint() < end); }
let sink = null
const garbage = () => { const a = []; for (let i = 0; i < allocs; i++) a.push({ i, s: 'x' + i, o: { k: i } }); sink = a }
let queue = [], scheduled = false, committed = 0, durable = 0
const waiting = []
const settle = () => { for (let i = waiting.length - 1; i >= 0; i--) if (waiting[i][0] <= durable) { waiting[i][1](); waiting.splice(i, 1) } }
const flush = () => {
  scheduled = false
  const group = queue; queue = []
  spin(30 + 36 * group.length)
  for (let i = 0; i < group.length; i++) fs.writeSync(fd, page)
  const seq = ++committed
  for (const r of group) waiting.push([seq, r])
  fs.fdatasync(fd, () => { if (seq > durable) durable = seq; settle() })
}
const write = () => new Promise((r) => { queue.push(r); if (!scheduled) { scheduled = true; setImmediate(flush) } })
const read = () => committed <= durable ? null : new Promise((r) => waiting.push([committed, r]))
http.createServer(async (req, res) => {
  if (req.url === '/status') return res.end('ok')
  if (allocs > 0) garbage()
  spin(40)
  const w = read()
  if (w) await w
  spin(120)
  await write()
  spin(60)
  res.writeHead(303, { location: 'https://checkout.example/c/1' })
  res.end()
}).listen(Number(process.env.PORT), '127.0.0.1')
`

const ALLOCS = (process.env['BENCH_MODEL_ALLOCS'] ?? '0,500,1000,2000').split(',').map(Number)
const SCALES = (process.env['BENCH_MODEL_SCALE'] ?? '1').split(',').map(Number)
/** The model's busy CPU per request at scale 1, µs: parse, work, answer, and a write's share of its group. */
const CPU_US = 40 + 120 + 60 + 36

export async function tailModel(allocs: number, scale = 1): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'varco-model-'))
  const port = await freePort()
  const env = { ...process.env, PORT: String(port), MODEL_FILE: join(dir, 'wal'), MODEL_ALLOCS: String(allocs), MODEL_SCALE: String(scale) }
  const child = spawn(NODE, ['-e', SERVER], { env, stdio: 'ignore' })
  try {
    await waitFor(`http://127.0.0.1:${port}/status`, child)
    const r = await autocannon({ url: `http://127.0.0.1:${port}/x`, connections: 50, duration: 6 })
    const l = r.latency
    const cpu = Math.round(CPU_US * scale)
    return `| ${allocs} | ~${cpu} | ${Math.round(r.requests.average)} | ${l.mean} | ${l.p50} | ${l.p90} | ${l.p97_5} | ${l.p99} | ${l.max} |`
  } finally {
    const exited = new Promise((done) => child.once('exit', done))
    child.kill('SIGTERM')
    await exited
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.main) {
  console.log(
    '| objects / request | busy CPU µs / request | req/s | mean ms | p50 | p90 | p97.5 | p99 | max |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  )
  for (const scale of SCALES) for (const a of ALLOCS) console.log(await tailModel(a, scale))
}
