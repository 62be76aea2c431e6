/**
 * Reachability of one intermediary's API (used by the `intermediary-health` cron job). Every
 * intermediary adapter can offer one; in sandbox mode it reaches the local simulator.
 * @module
 */
export type ProbeResult =
  | { readonly ok: true; readonly latencyMs: number }
  | { readonly ok: false; readonly latencyMs: number; readonly reason: string }

export type IntermediaryProbe = {
  readonly name: string
  readonly baseUrl: string
  readonly probe: () => Promise<ProbeResult>
}
