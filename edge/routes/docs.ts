/**
 * GET /docs: the Scalar API reference, served from the gateway itself. The Scalar bundle is
 * vendored in public/docs (no CDN) and default fonts are off (no fonts.scalar.com), so it works offline.
 * @module
 */

import { Hono } from 'hono'
import type { AppEnv } from '../context.ts'
import { withRequestId } from '../middleware/request-id.ts'

export const SCALAR_ASSET = '/docs/scalar.standalone.js'

/** The page's only inline script; its hash is in the page's CSP (edge/middleware/security-headers.ts). */
export const DOCS_INIT_SCRIPT = `
    Scalar.createApiReference('#app', {
      url: '/openapi.json',
      withDefaultFonts: false,
      hideClientButton: true,
      telemetry: false,
      showDeveloperTools: 'never',
      agent: { disabled: true },
      mcp: { disabled: true },
      defaultOpenAllTags: true,
    })
`

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Varco API reference</title>
  <style>body { margin: 0; font-family: system-ui, sans-serif; }</style>
</head>
<body>
  <div id="app"></div>
  <script src="${SCALAR_ASSET}"></script>
  <script>${DOCS_INIT_SCRIPT}</script>
</body>
</html>`

/** Serves a file of public/ on runtimes without the Workers assets binding. */
export type AssetReader = (path: string) => Promise<Response | null>

export function docsRoutes(readAsset: AssetReader | undefined) {
  const app = new Hono<AppEnv>()
  app.get('/docs', (c) => c.html(PAGE))
  app.get('/docs/*', async (c) => {
    const res = c.env?.ASSETS ? await c.env.ASSETS.fetch(c.req.raw) : readAsset ? await readAsset(c.req.path) : null
    return res && res.status !== 404 ? withRequestId(c, res) : c.notFound()
  })
  return app
}
