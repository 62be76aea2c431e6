/**
 * A hosted page as every simulator serves one (a payment page, a mandate page): `GET {path}/{id}`
 * shows the object, `POST {path}/{id}/{action}` acts on it (its buttons post there), and an id
 * that finds nothing gets a 404 page. Each simulator says only how to find, show and act.
 * @module
 */

import { type Context, Hono } from 'hono'
import { PAGE_HEADERS } from './html.ts'

/** Answers with a page of the simulator's look (200 unless told). */
export type Render = (title: string, body: string, status?: 200 | 400 | 404 | 410) => Response

export type HostedPage<T> = {
  readonly find: (id: string) => T | undefined
  /** Title and body of the 404 page. */
  readonly missing: readonly [title: string, body: string]
  /** Title and body of the page for `t`. */
  readonly show: (t: T) => readonly [title: string, body: string]
  /** The form posts, by action name. */
  readonly actions: Readonly<Record<string, (c: Context, t: T, render: Render) => Response | Promise<Response>>>
}

/** The page at `path` (e.g. `/pay` for `/pay/{id}`), rendered with `page`. */
export function hostedPage<T>(path: string, page: (title: string, body: string) => string, spec: HostedPage<T>): Hono {
  const app = new Hono()
  const renderer =
    (c: Context): Render =>
    (title, body, status = 200) =>
      c.html(page(title, body), status, PAGE_HEADERS)
  const found = (c: Context) => spec.find(c.req.param('id') ?? '')
  const missing = (c: Context) => renderer(c)(...spec.missing, 404)

  app.get(`${path}/:id`, (c) => {
    const t = found(c)
    return t === undefined ? missing(c) : renderer(c)(...spec.show(t))
  })
  for (const [action, act] of Object.entries(spec.actions)) {
    app.post(`${path}/:id/${action}`, (c) => {
      const t = found(c)
      return t === undefined ? missing(c) : act(c, t, renderer(c))
    })
  }
  return app
}
