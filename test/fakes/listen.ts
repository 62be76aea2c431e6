/** Serving a fetch handler on a real socket, for fakes that tests reach over http. @module */

/** A server on 127.0.0.1 (a free port) until `close`. */
export type LocalServer = { readonly url: string; readonly close: () => Promise<void> }

/** Serves `handler` on 127.0.0.1. Node only: loads @hono/node-server when called, so the caller's module stays runtime-neutral. */
export async function listenLocally(handler: (req: Request) => Response | Promise<Response>): Promise<LocalServer> {
  const { serve } = await import('@hono/node-server')
  return new Promise((resolve) => {
    const server = serve({ fetch: handler, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise<void>((done) => server.close(() => done())) })
    })
  })
}
