/** How GPD answers about a debt position (A1.3): the JSON views of positions, options and transfers. @module */

import type { Transfer } from './schemas.ts'
import { out } from './schemas.ts'
import type { Option, Position } from './state.ts'

const transferView = (p: Position, t: Transfer) => ({
  organizationFiscalCode: t.organizationFiscalCode ?? p.org,
  companyName: t.companyName ?? null,
  idTransfer: t.idTransfer,
  amount: t.amount,
  remittanceInformation: t.remittanceInformation,
  category: t.category,
  iban: t.iban ?? null,
  postalIban: t.postalIban ?? null,
  stamp: t.stamp ?? null,
  insertedDate: out(p.insertedDate),
  status: 'T_UNREPORTED',
  lastUpdatedDate: out(p.lastUpdatedDate),
  transferMetadata: [],
})

const optionView = (p: Position, o: Option) => ({
  nav: o.nav,
  iuv: o.iuv,
  organizationFiscalCode: p.org,
  amount: o.amount,
  description: o.description,
  isPartialPayment: o.isPartialPayment,
  dueDate: out(o.dueDate),
  retentionDate: out(o.retentionDate),
  paymentDate: out(o.paymentDate),
  reportingDate: null,
  insertedDate: out(o.insertedDate),
  paymentMethod: o.paymentMethod,
  fee: 0,
  notificationFee: 0,
  pspCompany: o.pspCompany,
  idReceipt: o.idReceipt,
  idFlowReporting: null,
  status: o.status,
  lastUpdatedDate: out(o.lastUpdatedDate),
  paymentOptionMetadata: [],
  transfer: o.transfer.map((t) => transferView(p, t)),
})

/** `PaymentPositionModelBaseResponse`: no debtor fields (A1.3). */
export const positionView = (p: Position) => ({
  iupd: p.iupd,
  organizationFiscalCode: p.org,
  type: p.body.type,
  companyName: p.body.companyName,
  officeName: p.body.officeName ?? null,
  insertedDate: out(p.insertedDate),
  publishDate: out(p.publishDate),
  validityDate: out(p.validityDate),
  paymentDate: out(p.paymentDate),
  status: p.status,
  lastUpdatedDate: out(p.lastUpdatedDate),
  paymentOption: p.options.map((o) => optionView(p, o)),
})

/** The create/publish/invalidate answer echoes the whole `PaymentPositionModel`. */
export const modelView = (p: Position) => ({ ...p.body, ...positionView(p) })
