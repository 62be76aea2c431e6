/** Serves files of public/ on Node and Deno (Workers use the ASSETS binding). @module */

import { readFile } from 'node:fs/promises'
import { extname, join, normalize, resolve } from 'node:path'
import type { AssetReader } from '../routes/docs.ts'

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css',
  '.json': 'application/json',
  '.md': 'text/markdown',
}

export function fileAssets(root: string): AssetReader {
  const base = resolve(root)
  const cache = new Map<string, Uint8Array>()
  return async (path) => {
    const file = normalize(join(base, path))
    if (!file.startsWith(`${base}/`)) return null
    let bytes = cache.get(file)
    if (!bytes) {
      try {
        bytes = new Uint8Array(await readFile(file))
      } catch {
        return null
      }
      cache.set(file, bytes)
    }
    return new Response(bytes as BodyInit, {
      headers: { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'public, max-age=3600' },
    })
  }
}
