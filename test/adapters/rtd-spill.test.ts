import { existsSync, readdirSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFsSpillStore } from '../../adapters/rtd-spill/fs.ts'
import { expectedLines, generateRows, runAll } from '../core/rtd-gen.ts'

let parentDir = ''
beforeAll(async () => {
  parentDir = await mkdtemp(join(tmpdir(), 'rtd-spill-test-'))
})
afterAll(async () => {
  await rm(parentDir, { recursive: true, force: true })
})

async function read(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = []
  for await (const l of it) out.push(l)
  return out
}

describe('fs SpillStore', () => {
  it('writes runs to files in its own temp dir and reads them back in order, any number of times', async () => {
    const store = await createFsSpillStore({ parentDir, bufferBytes: 16 })
    const lines = ['a;1', '', 'b;ü€;2', 'c'.repeat(5000)]
    const id = await store.writeRun(lines)
    const empty = await store.writeRun([])
    expect(store.dir.startsWith(join(parentDir, 'varco-rtd-spill-'))).toBe(true)
    expect(await read(store.readRun(id))).toEqual(lines)
    expect(await read(store.readRun(id))).toEqual(lines)
    expect(await read(store.readRun(empty))).toEqual([])
    expect(readdirSync(store.dir)).toHaveLength(2)
    await store.deleteRun(id)
    await store.deleteRun(id)
    expect(readdirSync(store.dir)).toHaveLength(1)
    await store.close()
    expect(existsSync(store.dir)).toBe(false)
    await store.close()
    await expect(store.writeRun(['x'])).rejects.toThrow(/closed/)
  })

  it('removes a run whose lines fail half-way', async () => {
    const store = await createFsSpillStore({ parentDir, bufferBytes: 4 })
    const failing = (async function* () {
      yield 'one'
      yield 'two'
      throw new Error('source broke')
    })()
    await expect(store.writeRun(failing)).rejects.toThrow('source broke')
    expect(readdirSync(store.dir)).toEqual([])
    await store.close()
  })

  it('refuses run ids it did not make (no paths)', async () => {
    const store = await createFsSpillStore({ parentDir })
    await expect(store.readRun('../../etc/passwd')[Symbol.asyncIterator]().next()).rejects.toThrow(/not a spill run id/)
    await expect(store.deleteRun('../x')).rejects.toThrow(/not a spill run id/)
    await store.close()
  })

  it('aggregates through temp files exactly as in memory, and leaves no files behind', { timeout: 60_000 }, async () => {
    const rows = generateRows(40_000, 10_000, 21)
    const store = await createFsSpillStore({ parentDir })
    const onDisk = await runAll(rows, { maxKeys: 700, spill: store })
    const inMemory = await runAll(rows)
    expect(onDisk.aggregation.ok && onDisk.aggregation.value.runsSpilled).toBeGreaterThan(8)
    expect(onDisk.chunks).toEqual(inMemory.chunks)
    expect(onDisk.chunks[0]?.lines.slice(1).sort()).toEqual(expectedLines(rows))
    expect(readdirSync(store.dir)).toEqual([])
    await store.close()
    expect(readdirSync(parentDir).filter((d) => d === store.dir.split('/').at(-1))).toEqual([])
  })
})
