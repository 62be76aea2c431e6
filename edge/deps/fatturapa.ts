/**
 * FatturaPA issuing: the ProgressivoInvio sequence, the XML generator and the XSD validator. The
 * validator is chosen by the runtime's entry point, not here, because each pulls in its own
 * libxml2: adapters/fatturapa/xsd/node.ts (through edge/local/xsd.ts: Node, Deno, the CLI),
 * edge.ts (edge/worker.ts: Workers).
 * @module
 */

import { createInvoiceGenerator } from '../../adapters/fatturapa/generator.ts'
import { type Db, libsqlInvoiceSequence } from '../../adapters/libsql/index.ts'
import type { IssueInvoiceDeps } from '../../core/use-cases/issue-invoice.ts'
import type { XsdValidator } from '../../ports/xsd-validator.port.ts'
import { ConfigError } from '../env.ts'

export type LoadXsd = () => Promise<XsdValidator>

export const NO_XSD: LoadXsd = () => Promise.reject(new ConfigError('no FatturaPA XSD validator: the entry point must pass one (Deps.xsd)'))

export function buildFatturapa(db: Db, xsd: LoadXsd): IssueInvoiceDeps {
  return { sequence: libsqlInvoiceSequence(db), generator: createInvoiceGenerator(), xsd }
}
