/**
 * What the simulators' HTML pages share: escaping, the response headers, and the page shell (a
 * title that is also the heading, and a style sheet built from each simulator's look, so that each
 * keeps its provider's width, colours and corners).
 * @module
 */

/** Escapes text for element content and quoted attribute values. */
export const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/** Headers of every simulator page: no scripts, inline styles only, never cached. */
export const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'cache-control': 'no-store',
}

/** A simulator's look. `rules` sit between the heading and the buttons (tables, amounts, actions, forms). */
export type PageLook = {
  readonly lang: 'it' | 'en'
  readonly width: string
  readonly ink: string
  readonly heading: string
  readonly rules: string
  readonly accent: string
  readonly radius: string
}

/** A row of action buttons under the page's content. */
export const ACTIONS_RULE = '.actions{display:flex;gap:1rem;margin-top:1.5rem}'
/** Full-width tables with light row lines. */
export const TABLE_RULES = 'table{width:100%;border-collapse:collapse}td,th{padding:.5rem;border-bottom:1px solid #ddd;text-align:left}'

/**
 * A page renderer with one look.
 * @example const page = pageShell({ lang: 'it', width: '32rem', ink: '#000', heading: '1.3rem', rules: ACTIONS_RULE, accent: '#06c', radius: '4px' })
 */
export function pageShell(look: PageLook): (title: string, body: string) => string {
  const css = `body{font-family:system-ui,sans-serif;max-width:${look.width};margin:2rem auto;padding:0 1rem;color:${look.ink}}
h1{font-size:${look.heading}}${look.rules}
button{font-size:1rem;padding:.6rem 1.4rem;border:1px solid ${look.accent};background:#fff;color:${look.accent};border-radius:${look.radius};cursor:pointer}
button.pay{background:${look.accent};color:#fff}.note{color:#a0522d}`
  return (
    title,
    body,
  ) => `<!doctype html><html lang="${look.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(title)}</title><style>
${css}
</style></head><body><h1>${esc(title)}</h1>${body}</body></html>`
}

/** The Pay and Cancel buttons of a hosted page: forms posting to `{id}/pay` and `{id}/cancel`. */
export const payOrCancel = (id: string, pay: string, cancel: string) =>
  `<form method="post" action="${id}/pay"><button type="submit" class="pay">${pay}</button></form>
<form method="post" action="${id}/cancel"><button type="submit">${cancel}</button></form>`

/** While the object is payable, the Pay and Cancel row; afterwards a note of what became of it. */
export const payRowOrNote = (payable: boolean, id: string, pay: string, cancel: string, note: string) =>
  payable ? `<div class="actions">${payOrCancel(id, pay, cancel)}</div>` : `<p class="note">${note}</p>`

/** 123456 → `1.234,56 €` (Italian grouping, no Intl so it prints the same on every runtime). */
export const eurosIt = (cents: number) =>
  `${String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${String(cents % 100).padStart(2, '0')} €`
