/**
 * The SEPA Direct Debit mandate form the Stripe and Revolut simulators show in place of the
 * provider's own (Checkout in setup mode; the SEPA widget): an IBAN field, the mandate text, and
 * Accept / Refuse, each in the provider's language.
 * @module
 */

import type { Context } from 'hono'
import type { Render } from './hosted-page.ts'

const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/

/** The look of a mandate page: a narrower column, the small print, and a full-width IBAN field. */
export const MANDATE_RULES = `.mandate{font-size:.85rem;color:#555}.actions{display:flex;gap:1rem;margin:1rem 0}
input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}`

export type MandateWords = {
  /** The test IBAN the field offers. */
  readonly iban: string
  readonly text: string
  readonly accept: string
  readonly refuse: string
  /** Title and text of the page that asks for the IBAN again. */
  readonly invalid: readonly [title: string, body: string]
}

/** The two forms of a mandate page: posting `iban` to `{id}/accept`, or nothing to `{id}/refuse`. */
export const mandateForm = (id: string, w: MandateWords) =>
  `<form method="post" action="${id}/accept"><label>IBAN <input name="iban" value="${w.iban}" required></label>
<p class="mandate">${w.text}</p>
<div class="actions"><button type="submit" class="pay">${w.accept}</button></div></form>
<form method="post" action="${id}/refuse"><button type="submit">${w.refuse}</button></form>`

/**
 * The Accept action of a mandate page: reads the posted IBAN (without spaces, in capitals) and
 * hands it to `then`, or answers 400 with the page that asks for it again.
 */
export const withIban =
  <T>(w: MandateWords, then: (c: Context, t: T, iban: string, render: Render) => Response) =>
  async (c: Context, t: T, render: Render) => {
    const iban = String((await c.req.parseBody())['iban'] ?? '')
      .replace(/\s+/g, '')
      .toUpperCase()
    return IBAN.test(iban) ? then(c, t, iban, render) : render(...w.invalid, 400)
  }
