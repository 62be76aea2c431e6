/**
 * form.io submissions as API input. The Opencity Core POSTs `submission.data` of the forms served by
 * `/tenants/schema` and `/services/schema` as they are, so the config API reads them the way the form
 * means them: the `submit` button's key is ignored, a blank text field is an absent field, a container
 * left blank (or holding only its form defaults) is absent, a data-grid row left blank is no row, and the
 * fields the API only answers (which a form pre-filled from GET sends back) are dropped.
 * Everything else is validated as usual: a half-filled container or row is still a 400.
 * @module
 */

import { z } from '@hono/zod-openapi'

export type FormShape = {
  /**
   * Container keys: the defaults its form pre-fills (a container holding only those is blank), and
   * its keys the API only answers (dropped, like `answerOnly` at the top).
   */
  readonly containers?: Readonly<Record<string, Container>>
  /** Data-grid keys: arrays of rows, where a row with no filled cell is dropped. */
  readonly grids?: readonly string[]
  /** Alias → canonical key (both accepted; equal values collapse, different ones are left for the schema to refuse). */
  readonly aliases?: Readonly<Record<string, string>>
  /**
   * Keys the API only answers (e.g. `created_at`): a form pre-filled from GET submits them back, so
   * they are dropped from the input.
   */
  readonly answerOnly?: readonly string[]
}

export type Container = { readonly defaults?: Readonly<Record<string, unknown>>; readonly answerOnly?: readonly string[] }

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isBlank = (v: unknown) => v === undefined || (typeof v === 'string' && v.trim() === '')

/** The entries of `o` that are not blank strings. */
function filled(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => !isBlank(v)))
}

function container(v: unknown, { defaults = {}, answerOnly = [] }: Container): unknown {
  if (!isRecord(v)) return v
  const kept = filled(Object.fromEntries(Object.entries(v).filter(([k]) => !answerOnly.includes(k))))
  const onlyDefaults = Object.entries(kept).every(([k, x]) => k in defaults && defaults[k] === x)
  return onlyDefaults ? undefined : kept
}

function grid(v: unknown): unknown {
  if (!Array.isArray(v)) return v
  return v.map((row) => (isRecord(row) ? filled(row) : row)).filter((row) => !isRecord(row) || Object.keys(row).length > 0)
}

/**
 * Normalises one submission (pure; anything that is not an object passes through for the schema to refuse).
 * @example fromFormSubmission({ id: '', name: 'X', submit: true, receiver: { name: '' } }, { containers: { receiver: {} } }) // { name: 'X' }
 */
export function fromFormSubmission(input: unknown, shape: FormShape, known?: ReadonlySet<string>): unknown {
  if (!isRecord(input)) return input
  const { submit: _submit, ...rest } = input
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(rest)) {
    if (shape.answerOnly?.includes(key)) continue
    // A key the schema does not know is kept as it is, so that the schema refuses it by name.
    if (known && !known.has(key)) {
      out[key] = value
      continue
    }
    const v =
      key in (shape.containers ?? {}) ? container(value, shape.containers?.[key] ?? {}) : shape.grids?.includes(key) ? grid(value) : value
    if (!isBlank(v)) out[key] = v
  }
  for (const [alias, canonical] of Object.entries(shape.aliases ?? {})) {
    if (!(alias in out)) continue
    if (!(canonical in out)) out[canonical] = out[alias]
    if (out[canonical] === out[alias]) delete out[alias]
  }
  return out
}

/** `schema`, reading its input through {@link fromFormSubmission} first. */
export function formInput<T extends z.ZodObject>(shape: FormShape, schema: T) {
  const known = new Set(Object.keys(schema.shape))
  return z.preprocess((v) => fromFormSubmission(v, shape, known), schema)
}
