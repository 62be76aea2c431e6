/**
 * The `varco rtd` usage text and usage error, apart from the commands so that `varco` loads the RTD code (openpgp,
 * the aggregator) only when an rtd command runs.
 * @module
 */

import { CliUsageError } from './cli-usage.ts'

export const RTD_USAGE = `  rtd aggregate --input <CSTAR.….csv> --out <dir> [--pubkey <key.asc>] [--date <yyyy-mm-dd>]
                [--skip-limit <n>] [--max-keys <n>] [--max-rows <n>] [--abi-map <file.json>] [--workers <n>]
                                            aggregate an RTD acquirer file into ADE chunks in <dir>, encrypted to
                                            --pubkey (clear .csv without it); date default today in Rome; a progress
                                            bar on a terminal, a JSON summary on stdout; exit 1 on a bad file`

/** A wrong rtd command line: exit 2 with the usage. */
export class RtdUsageError extends CliUsageError {}
