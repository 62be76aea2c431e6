import { describe, expect, it } from 'vitest'
import { edgeXmlReader } from '../../adapters/fatturapa/xsd/edge.ts'
import { checkFatturaTree } from '../../core/fatturapa/validate.ts'
import { BILLION_LAUGHS, FPR03, MINIMAL_FPR12 } from './fixtures/fatturapa-samples.ts'

describe('FatturaPA reader (libxml2, the edge copy) and SdI rules inside workerd', () => {
  it('finds FPR03’s 00422 and its placeholder identifiers', () => {
    const r = edgeXmlReader.read(FPR03)
    if (!r.ok) throw new Error(r.issue.message.en)
    const issues = checkFatturaTree(r.root)
    expect(issues.filter((i) => i.layer === 'sdi').map((i) => [i.code, i.xpath])).toEqual([
      ['00422', '/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DatiRiepilogo[1]/ImponibileImporto'],
    ])
    expect(issues.filter((i) => i.layer === 'identifier').map((i) => i.code)).toEqual(['ID-PIVA', 'ID-PIVA', 'ID-CF'])
  })

  it('passes the minimal sample on the SdI layer', () => {
    const r = edgeXmlReader.read(MINIMAL_FPR12)
    if (!r.ok) throw new Error(r.issue.message.en)
    expect(checkFatturaTree(r.root).filter((i) => i.layer === 'sdi')).toEqual([])
  })

  it('refuses billion laughs without expanding it', () => {
    const r = edgeXmlReader.read(BILLION_LAUGHS)
    expect(r.ok ? 'accepted' : r.issue.code).toBe('XML-DOCTYPE')
  })
})
