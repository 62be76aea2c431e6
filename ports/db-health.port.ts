/** Storage liveness for /status: resolves with the round-trip time, rejects when the database is down. @module */
export type PingDatabase = () => Promise<{ readonly latencyMs: number }>
