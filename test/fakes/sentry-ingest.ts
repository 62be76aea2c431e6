/**
 * A local stand-in for Sentry's ingest: accepts envelopes at POST /api/<project>/envelope/ and keeps
 * them (raw text, and the parsed items), so tests can check what the real SDKs send. Node only.
 * @module
 */

import { type LocalServer, listenLocally } from './listen.ts'

export type Envelope = { readonly path: string; readonly raw: string; readonly items: readonly Record<string, unknown>[] }

export async function fakeSentryIngest(
  project = '42',
): Promise<LocalServer & { readonly dsn: string; readonly envelopes: Envelope[]; readonly events: () => Record<string, unknown>[] }> {
  const envelopes: Envelope[] = []
  const server = await listenLocally(async (req) => {
    const path = new URL(req.url).pathname
    if (req.method !== 'POST' || path !== `/api/${project}/envelope/`) return new Response('not found', { status: 404 })
    const raw = await req.text()
    // Envelope: a header line, then (item header, item payload) line pairs.
    const lines = raw.split('\n').filter((l) => l !== '')
    const items = lines.slice(1).map((l) => JSON.parse(l) as Record<string, unknown>)
    envelopes.push({ path, raw, items })
    return Response.json({ id: crypto.randomUUID() })
  })
  const { host } = new URL(server.url)
  return {
    ...server,
    dsn: `http://0123456789abcdef0123456789abcdef@${host}/${project}`,
    envelopes,
    // Event payloads are the items that follow an item header of type "event".
    events: () => envelopes.flatMap((e) => e.items.filter((_item, i) => i > 0 && (e.items[i - 1] as { type?: string }).type === 'event')),
  }
}
