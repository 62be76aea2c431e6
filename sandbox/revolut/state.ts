/**
 * The Revolut simulator's orders and their `Order-State` machine (providers.md §2.3): pending →
 * completed (or authorised with manual capture), cancelled; and the order events it has emitted.
 * @module
 */

export type OrderState = 'pending' | 'processing' | 'authorised' | 'completed' | 'cancelled' | 'failed'
type SimPayment = { id: string; state: string; created_at: string; updated_at: string; amount: number; currency: string }
export type SimOrder = {
  id: string
  token: string
  state: OrderState
  amount: number
  currency: string
  description: string | null
  customerEmail: string | null
  reference: string | null
  redirectUrl: string | null
  captureMode: 'automatic' | 'manual'
  metadata: Record<string, string> | null
  createdAt: Date
  updatedAt: Date
  completedAt: Date | null
  payments: SimPayment[]
}
export type OrderEvent = { event: string; order_id: string }

export type RevolutState = ReturnType<typeof revolutState>

export function revolutState(now: () => Date, newId: () => string) {
  const orders = new Map<string, SimOrder>()
  const events: OrderEvent[] = []
  const emit = (o: SimOrder, event: string) => events.push({ event, order_id: o.id })

  return {
    now,
    newId,
    orders,
    events,
    /** The customer pays: a completed payment, and the order completed (or authorised with manual capture). */
    complete: (o: SimOrder): boolean => {
      if (o.state !== 'pending' && o.state !== 'processing') return false
      const t = now()
      const at = t.toISOString()
      o.payments.push({ id: newId(), state: 'completed', created_at: at, updated_at: at, amount: o.amount, currency: o.currency })
      o.state = o.captureMode === 'manual' ? 'authorised' : 'completed'
      o.updatedAt = t
      if (o.state === 'completed') o.completedAt = t
      emit(o, o.state === 'completed' ? 'ORDER_COMPLETED' : 'ORDER_AUTHORISED')
      return true
    },
    /** A payment attempt the issuer declines: the order stays pending (another attempt may follow). */
    decline: (o: SimOrder) => {
      const at = now().toISOString()
      o.payments.push({ id: newId(), state: 'declined', created_at: at, updated_at: at, amount: o.amount, currency: o.currency })
      emit(o, 'ORDER_PAYMENT_DECLINED')
    },
    cancel: (o: SimOrder): boolean => {
      // §2.3: only pending, or authorised with manual capture.
      if (o.state !== 'pending' && !(o.state === 'authorised' && o.captureMode === 'manual')) return false
      o.state = 'cancelled'
      o.updatedAt = now()
      emit(o, 'ORDER_CANCELLED')
      return true
    },
  }
}
