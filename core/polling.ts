/**
 * When to check a payment at the intermediary again (opencity.md §5.3, SDK `update_check_time`):
 * every minute for the first 5 minutes, every 5 minutes up to 15, hourly up to 7 days, every 6 hours
 * up to 30 days, weekly (next Sunday) up to a year, then never: the payment expires.
 * @module
 */

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

export type NextCheck = { readonly next: Date } | { readonly expire: true }

/** The next check after one made at `checkedAt` for a payment created at `createdAt`. */
export function nextCheck(createdAt: Date, checkedAt: Date): NextCheck {
  const age = checkedAt.getTime() - createdAt.getTime()
  const at = checkedAt.getTime()
  if (age <= 5 * MIN) return { next: new Date(at + MIN) }
  if (age <= 15 * MIN) return { next: new Date(at + 5 * MIN) }
  if (age <= 7 * DAY) return { next: new Date(at + HOUR) }
  if (age <= 30 * DAY) return { next: new Date(at + 6 * HOUR) }
  if (age <= 365 * DAY) {
    // Next Sunday (UTC), at the same time of day; a week ahead when today is Sunday.
    const dow = checkedAt.getUTCDay()
    const days = dow === 0 ? 7 : 7 - dow
    return { next: new Date(at + days * DAY) }
  }
  return { expire: true }
}
