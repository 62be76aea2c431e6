/**
 * A page that renders a form.io form as the Opencity Core does, with the real `@formio/js` bundle
 * served from node_modules (no CDN): the page lives on the gateway's origin (a routed path that the
 * gateway itself never sees), fetches the schema from the gateway, and lets a test fill the fields in
 * as an operator (typing and clicking), submit, and re-open the form pre-filled.
 * @module
 */

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { ROOT } from './helpers.ts'

const DIST = join(ROOT, 'node_modules', '@formio', 'js', 'dist')
const PAGE = `<!doctype html><html lang="it"><head><meta charset="utf-8">
<link rel="stylesheet" href="formio.form.min.css"><script src="formio.form.min.js"></script></head>
<body><div id="form"></div></body></html>`

export type FormPage = {
  readonly page: Page
  /** Every URL the page requested. */
  readonly requests: string[]
  /** Renders `schemaPath` (fetched from the gateway), optionally pre-filled as `form.submission = {data}`. */
  render(schemaPath: string, data?: Record<string, unknown>): Promise<void>
  /** Types into the text or number field named `data[...]` (e.g. `pagopa][iban` for a nested key). */
  type(key: string, text: string): Promise<void>
  /** Picks the option with `value` in the select component `key`. */
  choose(key: string, value: string): Promise<void>
  /** Clicks the data grid's "Add Another". */
  addRow(gridKey: string): Promise<void>
  /** Clicks Salva and resolves with `submission.data`, as the renderer hands it to the Core. */
  submit(): Promise<Record<string, unknown>>
  /** Whether the checkbox `key` is ticked. */
  checked(key: string): Promise<boolean>
  /** What the field shows: the input's value, or a select's visible label. */
  shown(key: string): Promise<string>
  close(): Promise<void>
}

export async function openFormPage(browser: Browser, gateway: string): Promise<FormPage> {
  const context = await browser.newContext({ serviceWorkers: 'block' })
  const page = await context.newPage()
  const requests: string[] = []
  const problems: string[] = []
  context.on('request', (r) => requests.push(r.url()))
  page.on('pageerror', (e) => problems.push(e.message))
  await page.route(`${gateway}/__formio/**`, (route) => {
    const name = new URL(route.request().url()).pathname.replace('/__formio/', '')
    if (name === '') return route.fulfill({ contentType: 'text/html; charset=utf-8', body: PAGE })
    if (!/^formio\.form\.min\.(js|css)$/.test(name)) return route.fulfill({ status: 404, body: '' })
    const type = name.endsWith('.css') ? 'text/css' : 'application/javascript; charset=utf-8'
    return route.fulfill({ contentType: type, body: readFileSync(join(DIST, name)) })
  })
  await page.goto(`${gateway}/__formio/`)
  await page.waitForFunction(() => 'Formio' in window)
  const field = (key: string) => page.locator(`[name="data[${key}]"]`)

  return {
    page,
    requests,
    async render(schemaPath, data) {
      await page.evaluate(
        async ({ schemaPath, data }) => {
          const schema = await (await fetch(schemaPath)).json()
          const el = document.getElementById('form') as HTMLElement
          el.innerHTML = ''
          // biome-ignore lint/suspicious/noExplicitAny: the browser global of @formio/js.
          const w = window as any
          w.form = await w.Formio.createForm(el, schema)
          w.submitted = new Promise((resolve, reject) => {
            w.form.on('submit', (s: { data: unknown }) => resolve(s.data))
            w.form.on('error', (e: unknown) => reject(new Error(`the form refused to submit: ${JSON.stringify(e).slice(0, 800)}`)))
          })
          if (data) w.form.submission = { data }
          await w.form.ready
        },
        { schemaPath, data },
      )
      if (problems.length > 0) throw new Error(`page errors: ${problems.join('; ')}`)
    },
    async type(key, text) {
      // Focus rather than click: without Bootstrap's CSS, a grid's visually-hidden label covers its inputs.
      await field(key).focus()
      await field(key).pressSequentially(text)
      await field(key).blur()
    },
    async choose(key, value) {
      const component = page.locator(`.formio-component-${key}`).first()
      await component.locator('.choices').first().click()
      await component.locator(`.choices__item--choice[data-value="${value}"]`).click()
    },
    async addRow(gridKey) {
      await page.locator(`.formio-component-${gridKey} .formio-button-add-row`).first().click()
    },
    async submit() {
      await page.getByRole('button', { name: 'Salva' }).click()
      // biome-ignore lint/suspicious/noExplicitAny: the browser global of @formio/js.
      return JSON.parse(await page.evaluate(async () => JSON.stringify(await (window as any).submitted)))
    },
    async shown(key) {
      const f = field(key)
      if ((await f.evaluate((e) => e.tagName)) === 'SELECT') {
        // The chosen item's label; the item also holds a "Remove item" button.
        const item = page.locator(`.formio-component-${key} .choices__list--single .choices__item`).first()
        return ((await item.innerText()).split('\n')[0] ?? '').trim()
      }
      return f.inputValue()
    },
    checked: (key) => field(key).isChecked(),
    close: () => context.close(),
  }
}
