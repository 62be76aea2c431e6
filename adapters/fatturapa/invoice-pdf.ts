/**
 * The FatturaPA PDF view, imported on first use (as adapters/pdf/renderer.ts does for notices): pdf-lib
 * is large, and no cold start (a Worker isolate's above all) should evaluate it for a route it may never serve.
 * @module
 */

import type { InvoiceView } from '../../core/fatturapa/view-model.ts'

/** See pdf-view.ts: the same invoice always renders to the same bytes. */
export const renderInvoicePdf = async (view: InvoiceView): Promise<Uint8Array> => (await import('./pdf-view.ts')).renderInvoicePdf(view)
