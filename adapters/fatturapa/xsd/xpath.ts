/**
 * XPaths of schema errors in the form the validation issues use
 * (`/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DettaglioLinee[2]/PrezzoTotale`):
 * no namespace prefixes, and an index on every element the XSD lets repeat (maxOccurs="unbounded"),
 * `[1]` included, so that the path of the first line does not change when a second line is added.
 * libxml2 gives the node path of each error (`xmlGetNodePath`: prefixed, indexed only when a same-named
 * sibling exists); this module rewrites it using a map of repeatable children read from the XSD.
 * @module
 */

/** For each complex type of the schema: child element name → its type and whether it repeats. */
export type RepeatMap = {
  readonly root: ReadonlyMap<string, string>
  readonly types: ReadonlyMap<string, ReadonlyMap<string, { readonly type: string; readonly many: boolean }>>
}

const attr = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1]
const local = (qname: string): string => qname.slice(qname.indexOf(':') + 1)

/**
 * Reads the named complex types of an XSD whose element declarations are all `name` + `type`
 * (true of FatturaPA 1.2.x: every complex type is named; and of the SDI messages' MessaggiTypes, whose
 * prefix is `xsd:`, not `xs:`). Not a general XSD reader.
 */
export function readRepeatMap(xsd: string): RepeatMap {
  const types = new Map<string, Map<string, { type: string; many: boolean }>>()
  const root = new Map<string, string>()
  const blocks = /<(xsd?):complexType\s+name="([^"]+)"[^>]*>([\s\S]*?)<\/\1:complexType>/g
  for (const [, , typeName = '', body = ''] of xsd.matchAll(blocks)) {
    const children = new Map<string, { type: string; many: boolean }>()
    for (const [tag] of body.matchAll(/<xsd?:element\s[^>]*>/g)) {
      const name = attr(tag, 'name')
      const type = attr(tag, 'type')
      if (name === undefined || type === undefined) continue
      const max = attr(tag, 'maxOccurs')
      children.set(name, { type: local(type), many: max !== undefined && max !== '1' })
    }
    types.set(typeName, children)
  }
  // Global elements: the ones declared outside any complex type (FatturaElettronica).
  const outside = xsd.replace(blocks, '')
  for (const [tag] of outside.matchAll(/<xsd?:element\s[^>]*>/g)) {
    const name = attr(tag, 'name')
    const type = attr(tag, 'type')
    if (name !== undefined && type !== undefined) root.set(name, local(type))
  }
  return { root, types }
}

/**
 * Rewrites a libxml2 node path (`/p:FatturaElettronica/FatturaElettronicaBody/DatiBeniServizi/DettaglioLinee[2]`)
 * into the issue form. Steps the map does not know (inside ds:Signature, or after an unknown element)
 * keep libxml2's own prefix and index. libxml2 writes `*` for an element in a default namespace
 * (a FatturaPA root without prefix, or a wrongly qualified child): `names.root` names the root and
 * `names.last` the element of the error (from libxml2's message).
 */
export function normalizeXPath(path: string | undefined, map: RepeatMap, names: { root?: string; last?: string } = {}): string {
  if (path === undefined || path === '' || path === '/') return '/'
  const steps = path.split('/').filter((s) => s !== '')
  let type: string | undefined
  const out: string[] = []
  steps.forEach((step, i) => {
    const m = /^(?:([^:[\]]+):)?([^[\]]+)(?:\[(\d+)\])?$/.exec(step)
    if (m === null) {
      out.push(step)
      type = undefined
      return
    }
    const prefix = m[1]
    let name = m[2] ?? step
    if (name === '*' && i === 0 && names.root !== undefined) name = names.root
    else if (name === '*' && i === steps.length - 1 && names.last !== undefined && names.last !== '') name = names.last
    const index = m[3]
    if (i === 0) {
      // The root's prefix is whatever the document chose for the FatturaPA namespace: dropped.
      type = map.root.get(name)
      out.push(name)
      return
    }
    // Below the root FatturaPA elements are unqualified; a prefixed step (ds:Signature) is another
    // namespace, kept as libxml2 wrote it.
    const qname = prefix === undefined ? name : `${prefix}:${name}`
    const child = type === undefined || prefix !== undefined ? undefined : map.types.get(type)?.get(name)
    type = child?.type
    if (index !== undefined) out.push(`${qname}[${index}]`)
    else if (child?.many === true) out.push(`${qname}[1]`)
    else out.push(qname)
  })
  return `/${out.join('/')}`
}
