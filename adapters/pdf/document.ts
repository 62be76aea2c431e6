/**
 * A new PDF with fixed metadata. The dates come from the payment, never from the clock, so the same
 * payment always renders to the same bytes (cacheable, testable).
 * @module
 */

import { PDFDocument } from 'pdf-lib'

export type DocumentMeta = {
  readonly title: string
  readonly subject: string
  /** The ente that issues the document. */
  readonly author: string
  /** Creation and modification date written into the file. */
  readonly at: Date
}

export async function newDocument(meta: DocumentMeta): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false })
  doc.setTitle(meta.title, { showInWindowTitleBar: true })
  doc.setSubject(meta.subject)
  doc.setAuthor(meta.author)
  doc.setCreator('Varco')
  doc.setProducer('Varco (pdf-lib)')
  doc.setLanguage('it-IT')
  doc.setCreationDate(meta.at)
  doc.setModificationDate(meta.at)
  return doc
}
