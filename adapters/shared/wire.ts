/**
 * Reading provider payloads: a body through a zod schema into an Outcome (what cannot be read is
 * `unknown`, never a guess), a type guard for a provider's list of known values, and the short
 * reason line of an HTTP error answer.
 * @module
 */

import type { Outcome } from '../../ports/payment-provider.port.ts'

/** What a failed schema check reports: paths and messages only (no values reach the logs). */
export type Issue = { readonly path: readonly PropertyKey[]; readonly message: string }

/** A zod schema, as far as reading needs it. */
export type Schema<T> = {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { readonly issues: readonly Issue[] } }
}

/**
 * `value` read with `schema`, or `unknown` with the reason `why` gives. `issues` is null when the
 * body was not JSON at all (see {@link readJson}).
 */
export function readValue<T>(value: unknown, schema: Schema<T>, why: (issues: readonly Issue[] | null) => string): Outcome<T> {
  const parsed = schema.safeParse(value)
  return parsed.success ? { kind: 'ok', value: parsed.data } : { kind: 'unknown', reason: why(parsed.error.issues) }
}

/** A JSON body read with `schema`, or `unknown` with the reason `why` gives (`issues` null: not JSON). */
export function readJson<T>(body: string, schema: Schema<T>, why: (issues: readonly Issue[] | null) => string): Outcome<T> {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return { kind: 'unknown', reason: why(null) }
  }
  return readValue(json, schema, why)
}

/**
 * A guard for a provider's list of known values (statuses, states), so a status map can be
 * exhaustive over the list and send everything else to `unknown`.
 */
export const isOneOf =
  <T extends string>(values: readonly T[]) =>
  (raw: unknown): raw is T =>
    typeof raw === 'string' && (values as readonly string[]).includes(raw)

/**
 * `HTTP 409 <detail>` (at most 300 characters), the detail taken from the JSON error body by the
 * provider's `detail`; a body that is not JSON, or that `detail` cannot read, leaves the status alone.
 */
export function httpReason(status: number, body: string, detail: (json: unknown) => string | null | undefined): string {
  let text: string | null | undefined = null
  try {
    text = detail(JSON.parse(body))
  } catch {
    // not JSON: the status line is all we have
  }
  return `HTTP ${status}${text ? ` ${text}` : ''}`.slice(0, 300)
}
