/** PLACEHOLDER (replaced by the sdi-msg branch at merge): SDI notification parsing by local name. @module */

import type { XmlElement } from '../fatturapa/xml-tree.ts'
import type { ParsedNotification } from './model.ts'

const ROOTS: Readonly<Record<string, ParsedNotification['type']>> = {
  RicevutaConsegna: 'RC',
  NotificaScarto: 'NS',
  NotificaMancataConsegna: 'MC',
  NotificaEsito: 'NE',
  NotificaDecorrenzaTermini: 'DT',
  AttestazioneTrasmissioneFattura: 'AT',
}

export function parseNotification(root: XmlElement): { ok: true; value: ParsedNotification } | { ok: false; reason: string } {
  const type = ROOTS[root.name]
  if (!type) return { ok: false, reason: `not an SDI notification: ${root.name}` }
  const t = (n: string) => root.children.find((c) => c.name === n)?.text.trim() ?? null
  const errori = (root.children.find((c) => c.name === 'ListaErrori')?.children ?? []).map((e) => ({
    codice: e.children.find((c) => c.name === 'Codice')?.text.trim() ?? '',
    descrizione: e.children.find((c) => c.name === 'Descrizione')?.text.trim() ?? '',
    suggerimento: e.children.find((c) => c.name === 'Suggerimento')?.text.trim() ?? null,
  }))
  const esito = root.children
    .find((c) => c.name === 'EsitoCommittente')
    ?.children.find((c) => c.name === 'Esito')
    ?.text.trim()
  return {
    ok: true,
    value: {
      type,
      identificativoSdi: t('IdentificativoSdI'),
      nomeFile: t('NomeFile'),
      dataOraRicezione: t('DataOraRicezione'),
      messageId: t('MessageId'),
      errori,
      esito: esito === 'EC01' || esito === 'EC02' ? esito : null,
      descrizione: t('Descrizione'),
      note: t('Note'),
    },
  }
}
