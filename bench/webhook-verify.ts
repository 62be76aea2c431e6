/**
 * Webhook verifications per second, per provider: the real adapters' `verifyWebhook` (Stripe: the
 * SDK's `constructEventAsync` with WebCrypto; Revolut: HMAC `verify` over `v1.{ts}.{body}`) on
 * valid deliveries signed by the simulators' signers, awaited one after the other (one core).
 * Each delivery is a real one: a payment created and paid at the in-process simulator.
 * `node bench/webhook-verify.ts [ms per provider]` prints a markdown table; `webhookVerifyBench()`
 * returns the rows for bench/run.ts.
 * @module
 */

import { fileURLToPath } from 'node:url'
import { cents } from '../core/money.ts'
import type { PaymentProvider, WebhookInput } from '../ports/payment-provider.port.ts'
import { simHarness as revolutHarness } from '../test/adapters/revolut/harness.ts'
import { simHarness as stripeHarness } from '../test/adapters/stripe/harness.ts'
import type { ProviderHarness } from '../test/contract/payment-provider.contract.ts'

export type WebhookVerifyRow = { readonly provider: string; readonly opsPerSec: number; readonly n: number }

const WARM_UP = 300

/** A paid payment's signed `paid` delivery, as the provider would POST it now. */
async function delivery(h: ProviderHarness): Promise<WebhookInput> {
  const amount = cents(12050)
  const out = await h.provider.create({
    paymentId: crypto.randomUUID(),
    creditor: h.creditor,
    amount,
    currency: 'EUR',
    reason: 'TARI 2026 rata unica',
    dueAt: new Date(h.now().getTime() + 30 * 86_400_000),
    payer: { kind: 'human', taxId: 'RSSMRA85T10A562S', name: 'Mario', familyName: 'Rossi', email: 'mario.rossi@example.it' },
    transfers: [{ amount, beneficiaryTaxId: h.creditor.taxId, category: '9/0101108TS/', remittance: 'TARI 2026' }],
  })
  if (out.kind !== 'ok') throw new Error(`${h.provider.name}: create failed (${out.kind}: ${out.reason})`)
  const created = out.value
  const ref = { providerRef: created.providerRef, creditor: h.creditor, noticeCode: created.noticeCode }
  await h.payAtProvider(ref)
  if (!h.signedWebhook) throw new Error(`${h.provider.name}: the harness cannot sign webhooks`)
  const d = await h.signedWebhook(ref, 'paid')
  return { rawBody: d.rawBody, headers: d.headers, receivedAt: h.now() }
}

async function measure(name: string, provider: PaymentProvider, input: WebhookInput, durationMs: number): Promise<WebhookVerifyRow> {
  const verify = provider.verifyWebhook?.bind(provider)
  if (!verify) throw new Error(`${name} has no verifyWebhook`)
  // Every call must verify: a benchmark of rejections would measure the wrong thing.
  const once = async () => {
    const r = await verify(input)
    if (!r.ok) throw new Error(`${name}: the delivery did not verify (${r.error.kind}: ${r.error.reason})`)
  }
  for (let i = 0; i < WARM_UP; i++) await once()
  let n = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < durationMs) {
    for (let i = 0; i < 100; i++) await once()
    n += 100
    elapsed = performance.now() - start
  }
  return { provider: name, opsPerSec: Math.round((n * 1000) / elapsed), n }
}

/** Measures Stripe and Revolut for about `durationMs` each (after a warm-up). */
export async function webhookVerifyBench(durationMs = 2000): Promise<WebhookVerifyRow[]> {
  const rows: WebhookVerifyRow[] = []
  for (const [name, make] of [
    ['stripe', () => stripeHarness().harness],
    ['revolut', () => revolutHarness().harness],
  ] as const) {
    const h = make()
    rows.push(await measure(name, h.provider, await delivery(h), durationMs))
  }
  return rows
}

export function toMarkdown(rows: readonly WebhookVerifyRow[]): string {
  const lines = ['| provider | verifications/s | n |', '|---|---:|---:|']
  for (const r of rows) lines.push(`| ${r.provider} | ${r.opsPerSec.toLocaleString('en-US')} | ${r.n} |`)
  return lines.join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ms = Number(process.argv[2] ?? 2000)
  console.log(toMarkdown(await webhookVerifyBench(Number.isFinite(ms) && ms > 0 ? ms : 2000)))
}
