export type Counts = { passed: number; failed: number; skipped: number; notes: string[] }
export function countReport(report: unknown): Counts
export function summarize(dir: string, suites: readonly string[]): Counts
