/**
 * Schema validation of the SDI notifications a sender receives (RC, NS, MC, NE, DT, AT), on the same
 * XSD layer as the invoices (create-validator.ts): the runtime entry points compile MessaggiTypes_v1.1.xsd
 * with the real xmldsig schema (node.ts on Node and Deno, edge.ts on workerd) and wrap it here.
 *
 * Two things differ from the FatturaPA validator. MessaggiTypes declares nine global elements, any of
 * which libxml2 accepts as the root; this validator accepts only the six notifications to a sender
 * ({@link SDI_NOTIFICATION_ROOTS}), so that a MetadatiInvioFile or an EC does not pass for one (issue
 * `XSD-ROOT`, like an undeclared root). And `<?xml-stylesheet …?>` before the root is skipped unless the
 * caller says otherwise: the official SDI examples carry one (`RC_v1.0.xsl`).
 * @module
 */

import type { ValidationIssue } from '../../../core/fatturapa/issue.ts'
import type { XmlReadOptions } from '../../../core/fatturapa/xml-refusals.ts'
import type { XmlElement } from '../../../core/fatturapa/xml-tree.ts'
import type { SchemaCheck, XsdValidator } from '../../../ports/xsd-validator.port.ts'

/** The namespace of MessaggiTypes_v1.1.xsd. */
export const SDI_MESSAGES_NAMESPACE = 'http://www.fatturapa.gov.it/sdi/messaggi/v1.0'

/** Root elements of the notifications SDI sends to the sender of an invoice (spec fatturapa.md §5). */
export const SDI_NOTIFICATION_ROOTS = [
  'RicevutaConsegna',
  'NotificaScarto',
  'NotificaMancataConsegna',
  'NotificaEsito',
  'NotificaDecorrenzaTermini',
  'AttestazioneTrasmissioneFattura',
] as const

const ALLOWED: ReadonlySet<string> = new Set(SDI_NOTIFICATION_ROOTS)

const rootIssue = (name: string): ValidationIssue => ({
  layer: 'xsd',
  code: 'XSD-ROOT',
  xpath: `/${name}`,
  message: {
    it: `L'elemento radice '${name}' non è una notifica SDI al trasmittente (${SDI_NOTIFICATION_ROOTS.join(', ')}) nel namespace ${SDI_MESSAGES_NAMESPACE}.`,
    en: `The root element '${name}' is not an SDI notification to the sender (${SDI_NOTIFICATION_ROOTS.join(', ')}) in the namespace ${SDI_MESSAGES_NAMESPACE}.`,
  },
  severity: 'error',
})

/**
 * libxml2's own root error (an undeclared root, e.g. RicevutaScarto of another namespace) keeps its
 * code and English text; its Italian text, written for FatturaPA, is replaced.
 */
function rootIssues(root: XmlElement, issues: readonly ValidationIssue[]): readonly ValidationIssue[] {
  const out = issues.map((i) => (i.code === 'XSD-ROOT' ? { ...i, message: { it: rootIssue(root.name).message.it, en: i.message.en } } : i))
  if (!ALLOWED.has(root.name) && !issues.some((i) => i.code === 'XSD-ROOT')) return [rootIssue(root.name), ...out]
  return out
}

/**
 * Wraps the validator compiled from MessaggiTypes_v1.1.xsd. `validate` builds the tree too (it needs
 * the root's name); notifications are a few kilobytes.
 * @example
 * const sdi = await createSdiMessageValidator() // node.ts or edge.ts
 * await sdi.validate(renderNotification(facts)) // [] when schema-valid
 */
export function sdiMessageValidator(messaggi: XsdValidator): XsdValidator {
  const withDefaults = (options: XmlReadOptions | undefined): XmlReadOptions => ({ allowXmlStylesheet: true, ...options })
  const check = async (xml: string, options?: XmlReadOptions): Promise<SchemaCheck> => {
    const r = await messaggi.check(xml, withDefaults(options))
    return r.ok ? { ok: true, root: r.root, issues: rootIssues(r.root, r.issues) } : r
  }
  return {
    read: (xml, options) => messaggi.read(xml, withDefaults(options)),
    check,
    validate: async (xml, options) => {
      const r = await check(xml, options)
      return r.ok ? r.issues : [r.issue]
    },
  }
}
