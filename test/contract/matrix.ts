/**
 * Contract matrices: each row is one implementation of a port (an adapter, or a fake) in one set-up
 * (which far side, reached how), the runtimes it runs on, and the cases it skips, each with its
 * reason. The Node run and the workerd run read the same rows, so they cannot drift apart.
 * Runtime-neutral (no node: imports): set-ups that need Node load it inside `make`.
 * @module
 */

import { it } from 'vitest'

export type Runtime = 'node' | 'workerd'

export const BOTH_RUNTIMES: readonly Runtime[] = ['node', 'workerd']

export type Skip = { readonly reason: string }

export type Skips<Case extends string> = Partial<Readonly<Record<Case, Skip>>>

export type MatrixRow<Harness, Case extends string = never> = {
  /** The implementation under test, e.g. `Stripe adapter`. */
  readonly subject: string
  /** Where its far side is and how it is reached, e.g. `Stripe simulator (in-process)`. */
  readonly setUp: string
  readonly runtimes: readonly Runtime[]
  readonly make: () => Promise<Harness>
  readonly skip?: Skips<Case>
}

/** `subject ↔ set-up`, the suite name of a row. */
export const rowName = (row: Pick<MatrixRow<unknown>, 'subject' | 'setUp'>): string => `${row.subject} ↔ ${row.setUp}`

/** The rows that run on `runtime`. */
export const rowsFor = <R extends { readonly runtimes: readonly Runtime[] }>(rows: readonly R[], runtime: Runtime): R[] =>
  rows.filter((r) => r.runtimes.includes(runtime))

/** The same skip for each of `cases`. */
export function skipAll<Case extends string>(cases: readonly Case[], reason: string): Record<Case, Skip> {
  return Object.fromEntries(cases.map((c) => [c, { reason }])) as Record<Case, Skip>
}

/** An `it` that skips a case named in `skip`, showing its reason in the title. */
export function caseRunner<Case extends string>(skip: Skips<Case> = {}) {
  return (c: Case, title: string, fn: () => Promise<void>) => {
    const s = skip[c]
    if (s) it.skip(`${title} (skipped: ${s.reason})`, fn)
    else it(title, fn)
  }
}
