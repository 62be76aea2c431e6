/**
 * What `varco` needs before it knows the command: the usage texts and the usage error every command's own error
 * extends. Apart from the commands, so that `varco` loads a command's code (the deps, the app, the RTD or FatturaPA
 * code) only when that command runs: `varco help` and a wrong command line stay fast.
 * @module
 */

/** Where a command writes its output lines and its error lines. */
export type Out = { readonly stdout: (line: string) => void; readonly stderr: (line: string) => void }

/** A wrong command line: `varco` exits 2 with the usage. Each command's usage error extends it. */
export class CliUsageError extends Error {}

export const keyUsage = (kind: 'tenant' | 'platform', prefix: 'vk' | 'vp') => `  ${kind} key rotate --${kind} <id> [--grace <90s|15m|1h|7d>]
                                            issue a new ${prefix}_ key (printed once); the ${kind}'s other keys keep
                                            working for --grace (default 0: they stop now), then stop
  ${kind} key revoke --${kind} <id> --key <key id|${prefix}_<key id>>
                                            stop one of the ${kind}'s keys now
  ${kind} key list --${kind} <id>             the ${kind}'s keys: id, created, revoked, grace end (never the key or its hash)`

export const PLATFORM_USAGE = `  platform create --name <name>             create a platform (an Opencity Core); prints {"id","api_key"}: the
                                            vp_… key is shown once and authenticates alone (no JWT) on the proxy API
  platform revoke --id <id>                 revoke a platform's keys at once (its tenants and data stay)
${keyUsage('platform', 'vp')}`
