/**
 * The pagoPA simulator's memory: debt positions with their payment options, the A1.4 status
 * machine (publish, validity, expiry, payment), and indexes by IUV and notice number (NAV) so that
 * lookups do not scan every position; and the Checkout carts. One instance per simulator.
 * @module
 */

import type { CartRequest, PositionBody, Transfer } from './schemas.ts'

const CART_TTL_MS = 10 * 60 * 1000 // A3.2: carts live 10 minutes

export type PositionStatus = 'DRAFT' | 'PUBLISHED' | 'VALID' | 'INVALID' | 'EXPIRED' | 'PARTIALLY_PAID' | 'PAID' | 'REPORTED'

export type Option = {
  nav: string
  iuv: string
  amount: number
  description: string
  isPartialPayment: boolean
  dueDate: Date
  retentionDate: Date | null
  insertedDate: Date
  lastUpdatedDate: Date
  paymentDate: Date | null
  idReceipt: string | null
  pspCompany: string | null
  paymentMethod: string | null
  status: 'PO_UNPAID' | 'PO_PAID'
  transfer: Transfer[]
}

export type Position = {
  org: string
  iupd: string
  body: PositionBody
  status: PositionStatus
  validityDate: Date | null
  insertedDate: Date
  publishDate: Date | null
  paymentDate: Date | null
  lastUpdatedDate: Date
  options: Option[]
}

export type Hit = { p: Position; o: Option }

/** A Checkout cart (A3) and how its payment page was left. */
export type Cart = {
  id: string
  request: CartRequest
  createdAt: Date
  outcome: 'ok' | 'cancel' | 'error' | null
}

export type PagopaState = ReturnType<typeof pagopaState>

export function pagopaState(now: () => Date, newId: () => string) {
  const positions = new Map<string, Position>() // key: `${org}/${iupd}`
  // Options indexed by `${org}/iuv:${iuv}` and `${org}/nav:${nav}`, and by nav alone.
  const optionIndex = new Map<string, Hit>()
  const navIndex = new Map<string, Hit[]>()
  const carts = new Map<string, Cart>()

  /** A1.4: PUBLISHED → VALID once validityDate ≤ now; VALID → EXPIRED after the last due date. */
  function refresh(p: Position): Position {
    const t = now()
    if (p.status === 'PUBLISHED' && p.validityDate && p.validityDate <= t) p.status = 'VALID'
    if (p.status === 'VALID' && p.body.switchToExpired && p.options.every((o) => o.dueDate < t)) p.status = 'EXPIRED'
    return p
  }
  const index = (p: Position, add: boolean) => {
    for (const o of p.options) {
      for (const k of [`${p.org}/iuv:${o.iuv}`, `${p.org}/nav:${o.nav}`]) add ? optionIndex.set(k, { p, o }) : optionIndex.delete(k)
      const list = (navIndex.get(o.nav) ?? []).filter((x) => x.p !== p)
      if (add) list.push({ p, o })
      if (list.length > 0) navIndex.set(o.nav, list)
      else navIndex.delete(o.nav)
    }
  }
  /** A1.4 "payable by PSP": the position is VALID and the option unpaid. */
  const payable = (hit: Hit | undefined) => hit?.p.status === 'VALID' && hit.o.status === 'PO_UNPAID'

  return {
    now,
    newId,
    size: () => positions.size,
    all: () => [...positions.values()].map(refresh),
    find: (org: string, iupd: string) => {
      const p = positions.get(`${org}/${iupd}`)
      return p ? refresh(p) : undefined
    },
    has: (org: string, iupd: string) => positions.has(`${org}/${iupd}`),
    /** True when another option of the organization already holds this option's IUV or notice number. */
    taken: (org: string, o: Option) => optionIndex.has(`${org}/iuv:${o.iuv}`) || optionIndex.has(`${org}/nav:${o.nav}`),
    byIuv: (org: string, iuv: string): Hit | undefined => {
      const found = optionIndex.get(`${org}/iuv:${iuv}`)
      return found && { p: refresh(found.p), o: found.o }
    },
    byNav: (nav: string, org?: string): Hit[] =>
      (navIndex.get(nav) ?? []).filter((x) => !org || x.p.org === org).map((x) => ({ p: refresh(x.p), o: x.o })),
    add: (p: Position) => {
      positions.set(`${p.org}/${p.iupd}`, p)
      index(p, true)
    },
    remove: (p: Position) => {
      positions.delete(`${p.org}/${p.iupd}`)
      index(p, false)
    },
    publish: (p: Position) => {
      const t = now()
      p.validityDate ??= t
      p.publishDate = t
      p.status = p.validityDate <= t ? 'VALID' : 'PUBLISHED'
      p.lastUpdatedDate = t
    },
    payable,
    pay: (p: Position, o: Option): boolean => {
      if (!payable({ p, o })) return false
      const t = now()
      o.status = 'PO_PAID'
      o.paymentDate = t
      o.idReceipt = newId().replace(/-/g, '')
      o.pspCompany = 'Sandbox PSP'
      o.paymentMethod = 'CP'
      o.lastUpdatedDate = t
      p.status = p.options.every((x) => x.status === 'PO_PAID') ? 'PAID' : 'PARTIALLY_PAID'
      p.paymentDate = t
      p.lastUpdatedDate = t
      return true
    },
    addCart: (request: CartRequest): Cart => {
      const id = newId()
      const cart: Cart = { id, request, createdAt: now(), outcome: null }
      carts.set(id, cart)
      return cart
    },
    /** A cart not yet past its time to live. */
    liveCart: (id: string) => {
      const cart = carts.get(id)
      return cart && now().getTime() - cart.createdAt.getTime() <= CART_TTL_MS ? cart : undefined
    },
  }
}
