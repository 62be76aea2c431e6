/**
 * Run by test/e2e/deno-cron.test.ts under Deno (`deno run test/e2e/deno-cron.script.ts`, no
 * permissions): evaluates the shared cron cases with core/cron-expr.ts (croner) and prints the
 * answers as one JSON line, with the runtime's name.
 */

import { evaluateCronCases } from '../core/cron-expr.cases.ts'

declare const Deno: { version: { deno: string } } | undefined

console.log(JSON.stringify({ runtime: typeof Deno === 'undefined' ? 'other' : `deno ${Deno.version.deno}`, ...evaluateCronCases() }))
