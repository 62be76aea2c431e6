/** The pdf-lib DocumentRenderer (notices and receipts). @module */
export { createPdfRenderer } from './renderer.ts'
