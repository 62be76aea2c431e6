/** Deno entry (`npm run start:deno`): the same app, scheduler and Kafka consumer, served by Deno.serve. @module */

import { peerBindings, prepareLocal } from './local/serve.ts'

declare const Deno: {
  env: { toObject(): Record<string, string> }
  serve(
    options: { port: number; hostname: string; onListen?: (addr: { hostname: string; port: number }) => void },
    handler: (req: Request, info: { remoteAddr: { hostname: string } }) => Response | Promise<Response>,
  ): { shutdown(): Promise<void> }
  addSignalListener(signal: 'SIGTERM' | 'SIGINT', handler: () => void): void
  exit(code: number): never
}

const local = await prepareLocal(Deno.env.toObject())
const server = Deno.serve(
  {
    port: local.port,
    hostname: local.hostname,
    onListen: (addr) => local.deps.logger.info('varco listening (deno)', { url: `http://${addr.hostname}:${addr.port}` }),
  },
  (req, info) => local.app.fetch(req, peerBindings(local.env, { remoteAddr: info.remoteAddr })),
)
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  Deno.addSignalListener(signal, () => {
    // As on Node: the database closes last, and its checkpointer thread has ended before the exit.
    void Promise.all([server.shutdown(), local.stop()])
      .then(() => local.deps.db.close())
      .finally(() => Deno.exit(0))
  })
}
