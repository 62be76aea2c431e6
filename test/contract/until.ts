/** Polling for the contracts: what a server or consumer does asynchronously (log lines, published events). @module */

/** Reads until `ok` holds, every 100 ms, at most `tries` more times (50: about 5 s); returns the last value read. */
export async function until<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, tries = 50): Promise<T> {
  let v = await read()
  for (let i = 0; i < tries && !ok(v); i++) {
    await new Promise((r) => setTimeout(r, 100))
    v = await read()
  }
  return v
}
