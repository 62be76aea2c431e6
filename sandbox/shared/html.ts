/**
 * What the simulators' HTML pages share: escaping, the response headers, and the page shell (a
 * title that is also the heading, and one style sheet per simulator, so each keeps its own look).
 * @module
 */

/** Escapes text for element content and quoted attribute values. */
export const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/** Headers of every simulator page: no scripts, inline styles only, never cached. */
export const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'cache-control': 'no-store',
}

/**
 * A page renderer in one language and style sheet.
 * @example const page = pageShell('it', 'body{color:#000}'); page('Pagamento', '<p>…</p>')
 */
export function pageShell(lang: 'it' | 'en', css: string): (title: string, body: string) => string {
  return (
    title,
    body,
  ) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(title)}</title><style>
${css}
</style></head><body><h1>${esc(title)}</h1>${body}</body></html>`
}

/** 123456 → `1.234,56 €` (Italian grouping, no Intl so it prints the same on every runtime). */
export const eurosIt = (cents: number) =>
  `${String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${String(cents % 100).padStart(2, '0')} €`
