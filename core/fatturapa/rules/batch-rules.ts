/**
 * 00409 "Fattura duplicata nel lotto": two bodies of one file with the same Numero in the same year
 * (the same date when Art73 = SI), as Specifiche tecniche 1.9 defines duplicates (read from Allegato A
 * 1.9.1 by letsrevel/euinvoice, ../shared/specs/fatturapa.md §3.4). A TD04 may share its number with
 * a document of another type. Within one file the cedente and the cessionario are the same for every
 * body, so the choice of whose numbering counts (cessionario for TD16–TD20, TD22, TD23, TD28, TD29)
 * does not change the outcome.
 * @module
 */

import type { ValidationIssue } from '../issue.ts'
import type { XmlElement } from '../xml-tree.ts'
import { at, childrenNamed, sdiIssue, textAt } from './tree.ts'

type Doc = { readonly numero: string; readonly data: string; readonly tipo: string; readonly art73: boolean; readonly el: XmlElement }

export function checkBatch(root: XmlElement): ValidationIssue[] {
  const docs: Doc[] = []
  for (const body of childrenNamed(root, 'FatturaElettronicaBody')) {
    const dgd = at(body, 'DatiGenerali', 'DatiGeneraliDocumento')
    const numero = textAt(dgd, 'Numero')
    const data = textAt(dgd, 'Data')
    const el = at(dgd, 'Numero')
    if (numero === undefined || data === undefined || el === undefined) continue
    docs.push({ numero, data, tipo: textAt(dgd, 'TipoDocumento') ?? '', art73: textAt(dgd, 'Art73') === 'SI', el })
  }
  const out: ValidationIssue[] = []
  for (let i = 1; i < docs.length; i++) {
    const b = docs[i] as Doc
    const dup = docs.slice(0, i).find((a) => {
      if (a.numero !== b.numero) return false
      if ((a.tipo === 'TD04') !== (b.tipo === 'TD04')) return false
      return a.art73 || b.art73 ? a.data === b.data : a.data.slice(0, 4) === b.data.slice(0, 4)
    })
    if (dup === undefined) continue
    out.push(
      sdiIssue(
        '00409',
        b.el.xpath,
        `fattura duplicata nel lotto: Numero ${b.numero} del ${b.data} ripete quello di ${dup.el.xpath}`,
        `invoice duplicated within the file: Numero ${b.numero} of ${b.data} repeats ${dup.el.xpath}`,
      ),
    )
  }
  return out
}
