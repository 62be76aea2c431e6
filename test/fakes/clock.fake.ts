/** A clock that only moves when told. @module */
export function fixedClock(start = '2026-11-23T10:00:00.000Z') {
  let now = new Date(start).getTime()
  const clock = () => new Date(now)
  clock.advance = (ms: number) => {
    now += ms
  }
  clock.set = (iso: string) => {
    now = new Date(iso).getTime()
  }
  return clock
}

/** Deterministic UUIDs: 00000000-0000-4000-8000-000000000001, …002, … */
export function sequentialIds(prefix = '00000000-0000-4000-8000-') {
  let n = 0
  return () => `${prefix}${String(++n).padStart(12, '0')}`
}
