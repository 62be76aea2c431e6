/**
 * DocumentRenderer over pdf-lib and bwip-js: standard Helvetica, vector barcodes, no external
 * resources, no file system, no canvas, no run-time wasm, so the same code renders in Node, Deno
 * and workerd (toolchain.md, rows bwip-js and pdf-lib). The layouts are imported on first use: the
 * two libraries take ~150 ms to load in Node, which no cold start should pay for a route it may
 * never serve.
 * @module
 */

import type { DocumentRenderer } from '../../ports/document-renderer.port.ts'

export function createPdfRenderer(): DocumentRenderer {
  return {
    noticePdf: async (input) => (await import('./notice.ts')).renderNotice(input),
    receiptPdf: async (input) => (await import('./receipt.ts')).renderReceipt(input),
  }
}
