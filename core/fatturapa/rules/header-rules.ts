/**
 * SdI content checks on the header (block 1): 00313, 00417, 00426, 00427, 00428, 00459, 00476.
 * Sources: ../shared/specs/fatturapa.md §3.2–§3.3 (official descriptions quoted from Allegato A 1.9.1
 * through letsrevel/euinvoice and FatturaElettronica.NET `Validators/*.cs`).
 * @module
 */

import type { ValidationIssue } from '../issue.ts'
import type { XmlElement } from '../xml-tree.ts'
import type { Header } from './parties.ts'
import { at, childrenNamed, sdiIssue, textAt } from './tree.ts'

export function checkHeader(root: XmlElement, header: Header): ValidationIssue[] {
  const out: ValidationIssue[] = []
  const dt = at(header.el, 'DatiTrasmissione')
  const formato = textAt(dt, 'FormatoTrasmissione')
  const codice = textAt(dt, 'CodiceDestinatario')
  const versione = root.attrs['versione']?.trim()
  const { cedente, cessionario } = header

  // 00428: FormatoTrasmissione must match the root's versione attribute.
  if (formato !== undefined && versione !== undefined && formato !== versione) {
    out.push(
      sdiIssue(
        '00428',
        at(dt, 'FormatoTrasmissione')?.xpath ?? '/',
        `1.1.3 <FormatoTrasmissione> (${formato}) non coerente con il valore dell'attributo versione (${versione})`,
        `1.1.3 <FormatoTrasmissione> (${formato}) does not match the versione attribute (${versione})`,
      ),
    )
  }

  // 00427: CodiceDestinatario is 6 characters for FPA12 and 7 for FPR12.
  if (codice !== undefined && formato !== undefined) {
    const want = formato === 'FPA12' ? 6 : formato === 'FPR12' ? 7 : undefined
    if (want !== undefined && codice.length !== want) {
      out.push(
        sdiIssue(
          '00427',
          at(dt, 'CodiceDestinatario')?.xpath ?? '/',
          `1.1.4 <CodiceDestinatario> di ${codice.length} caratteri a fronte di 1.1.3 <FormatoTrasmissione> con valore ${formato} (attesi ${want})`,
          `1.1.4 <CodiceDestinatario> has ${codice.length} characters with 1.1.3 <FormatoTrasmissione> ${formato} (${want} expected)`,
        ),
      )
    }
  }

  // 00426: PECDestinatario only with CodiceDestinatario 0000000. The other half of the older wording
  // (0000000 without PEC) is allowed since the B2B specs (fatturapa.md §3.3), so it is not checked.
  const pec = at(dt, 'PECDestinatario')
  if (pec !== undefined && pec.text.trim() !== '' && codice !== undefined && codice !== '0000000') {
    out.push(
      sdiIssue(
        '00426',
        pec.xpath,
        `1.1.6 <PECDestinatario> valorizzato a fronte di 1.1.4 <CodiceDestinatario> con valore diverso da 0000000 (${codice})`,
        `1.1.6 <PECDestinatario> is given although 1.1.4 <CodiceDestinatario> is not 0000000 (${codice})`,
      ),
    )
  }

  // 00313: XXXXXXX is only for invoices to non-residents (cessionario IdFiscaleIVA with IdPaese ≠ IT).
  if (codice === 'XXXXXXX' && (cessionario.idPaese === undefined || cessionario.idPaese.toUpperCase() === 'IT')) {
    out.push(
      sdiIssue(
        '00313',
        at(dt, 'CodiceDestinatario')?.xpath ?? '/',
        '1.1.4 <CodiceDestinatario> può essere valorizzato con "XXXXXXX" solo per fatture verso soggetti non residenti (1.4.1.1 <IdFiscaleIVA> presente con 1.4.1.1.1 <IdPaese> diverso da IT)',
        '1.1.4 <CodiceDestinatario> "XXXXXXX" is only for invoices to non-residents (1.4.1.1 <IdFiscaleIVA> present with 1.4.1.1.1 <IdPaese> other than IT)',
      ),
    )
  }

  // 00417: the cessionario needs IdFiscaleIVA or CodiceFiscale.
  if (cessionario.el !== undefined && cessionario.idFiscale === undefined && cessionario.codiceFiscale === undefined) {
    out.push(
      sdiIssue(
        '00417',
        at(cessionario.el, 'DatiAnagrafici')?.xpath ?? cessionario.el.xpath,
        '1.4.1.1 <IdFiscaleIVA> e 1.4.1.2 <CodiceFiscale> non valorizzati (almeno uno dei due deve essere valorizzato)',
        '1.4.1.1 <IdFiscaleIVA> and 1.4.1.2 <CodiceFiscale> are both missing (at least one is required)',
      ),
    )
  }

  // 00476: not both parties foreign.
  if (
    cedente.idPaese !== undefined &&
    cessionario.idPaese !== undefined &&
    cedente.idPaese.toUpperCase() !== 'IT' &&
    cessionario.idPaese.toUpperCase() !== 'IT'
  ) {
    out.push(
      sdiIssue(
        '00476',
        at(cessionario.idFiscale, 'IdPaese')?.xpath ?? '/',
        `gli elementi 1.2.1.1.1 <IdPaese> (${cedente.idPaese}) e 1.4.1.1.1 <IdPaese> (${cessionario.idPaese}) non possono essere entrambi valorizzati con codice diverso da IT`,
        `1.2.1.1.1 <IdPaese> (${cedente.idPaese}) and 1.4.1.1.1 <IdPaese> (${cessionario.idPaese}) cannot both be other than IT`,
      ),
    )
  }

  // 00459: RF03 is not an allowed RegimeFiscale (also absent from the XSD enumeration).
  for (const el of childrenNamed(at(cedente.el, 'DatiAnagrafici'), 'RegimeFiscale')) {
    if (el.text.trim() === 'RF03') {
      out.push(
        sdiIssue(
          '00459',
          el.xpath,
          'valore RF03 non ammesso per il campo 1.2.1.8 <RegimeFiscale>',
          'RF03 is not allowed in 1.2.1.8 <RegimeFiscale>',
        ),
      )
    }
  }
  return out
}
