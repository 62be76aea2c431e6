#!/usr/bin/env node
// Derives the generated files of the FatturaPA XSD validator, deterministically, from
// node_modules/libxml2-wasm (0.7.2) and adapters/fatturapa/xsd/schemas/*.xsd:
//
//   adapters/fatturapa/xsd/vendor/libxml2-wasm/   libxml2-wasm's lib/*.mjs + *.d.mts patched for workerd:
//     libxml2.wasm       the wasm that the published glue embeds as a JS string literal (decoded as its
//                        own `ea()` does); workerd only runs wasm imported as a module
//     fn-<sig>.wasm      the tiny "JS function → wasm table entry" wrappers that Emscripten's addFunction
//                        compiles at run time (refused by workerd), precompiled once per signature
//     libxml2raw.mjs     the glue with the inline literal nulled, the Node path off (h=false), and a
//                        default moduleArg whose instantiateWasm does `new WebAssembly.Instance(wasm, imports)`
//     index.mjs          ALL of the above JS flattened by esbuild into ONE module (the .wasm files stay
//                        imports). libxml2-wasm's modules import each other in a cycle (document → c14n →
//                        nodes → document) below a top-level await (libxml2.mjs awaits the wasm). Real ESM
//                        copes, but a bundler that wraps lazily-imported modules in async init functions
//                        (wrangler/esbuild for `import()` without code splitting) deadlocks on that cycle:
//                        under `wrangler dev` and in the deployed bundle the first FatturaPA request hung.
//                        One flat module has no cycle left to deadlock on. It also exports some of
//                        libxml2-wasm's struct readers (STRUCT_EXPORTS, from lib/libxml2.mjs, which the published
//                        package lets Node import directly): adapters/fatturapa/xsd/memory.ts checks its reading of
//                        the parsed nodes against them and takes the wasm memory from XmlNodeSetStruct.
//     index.d.mts        the published declarations, plus that export line
//   adapters/fatturapa/xsd/schemas/Schema_del_file_xml_FatturaPA_v1.2.2.edge.xsd   the edge variant:
//     no xmldsig import; `<xs:element ref="ds:Signature" …/>` becomes a lax `xs:any` of the xmldsig namespace
//   adapters/fatturapa/xsd/schemas/schemas.generated.ts   the schemas as string constants, so that
//     every runtime (workerd has no filesystem) gets them by import: the FatturaPA XSD, its edge variant,
//     xmldsig, and the SDI message schema MessaggiTypes_v1.1.xsd (notifications RC, NS, MC, NE, DT, AT …),
//     which imports xmldsig from the same URL as the FatturaPA XSD and so needs no edge variant: the
//     validators serve xmldsig from memory on every runtime, workerd included (its input provider works)
//
// The outputs are committed (a clean clone needs no build step); `--check` exits 1 when they are stale
// (test/adapters/fatturapa/xsd-build.test.ts runs it). Usage: node scripts/build-xsd-wasm.mjs [--check]
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import vm from 'node:vm'

const root = new URL('..', import.meta.url).pathname
const require = createRequire(import.meta.url)
const pkgDir = dirname(require.resolve('libxml2-wasm/package.json'))
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
const EXPECTED_VERSION = '0.7.2'
const xsdDir = join(root, 'adapters/fatturapa/xsd')
const vendorRel = 'adapters/fatturapa/xsd/vendor/libxml2-wasm'
const schemasRel = 'adapters/fatturapa/xsd/schemas'

export const XMLDSIG_URL = 'http://www.w3.org/TR/2002/REC-xmldsig-core-20020212/xmldsig-core-schema.xsd'
const XSD_FILE = 'Schema_del_file_xml_FatturaPA_v1.2.2.xsd'
const EDGE_XSD_FILE = 'Schema_del_file_xml_FatturaPA_v1.2.2.edge.xsd'
const DSIG_FILE = 'xmldsig-core-schema.xsd'
const MESSAGGI_FILE = 'MessaggiTypes_v1.1.xsd'
/** The internals of lib/libxml2.mjs the flattened module exports besides the public API. */
const STRUCT_EXPORTS = "export { XmlNodeSetStruct, XmlNodeStruct, XmlNsStruct, xmlNodeGetContent } from './libxml2.mjs';\n"

/** Replaces exactly one occurrence of `find` (a string or a regexp) or fails the build. */
function replaceOnce(text, find, replacement, what) {
  const count =
    typeof find === 'string'
      ? text.split(find).length - 1
      : (text.match(new RegExp(find.source, `${find.flags.replace('g', '')}g`)) ?? []).length
  if (count !== 1) throw new Error(`build-xsd-wasm: expected one ${what}, found ${count} (libxml2-wasm changed?)`)
  return text.replace(find, replacement)
}

/** The end index (exclusive) of the JS string literal that starts at `start` (a quote). */
function endOfStringLiteral(text, start) {
  const quote = text[start]
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === quote) return i + 1
  }
  throw new Error('build-xsd-wasm: unterminated string literal')
}

/** The glue's own decoder: `d[c] = ~e >> 8 & e` for each UTF-16 code unit. */
function decodeLikeGlue(s) {
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) {
    const e = s.charCodeAt(i)
    out[i] = (~e >> 8) & e
  }
  return out
}

/** The bytes Emscripten's addFunction compiles for a signature such as 'vii' (the glue's own `ob`/`qb`/`pb`). */
export function wrapperWasm(sig) {
  const ob = (a) => [(a.length % 128) | 128, a.length >> 7, ...a]
  const pb = { i: 127, p: 127, j: 126, f: 125, d: 124, e: 111 }
  const qb = (s) =>
    ob(
      Array.from(s, (ch) => {
        if (!(ch in pb)) throw new Error(`build-xsd-wasm: unknown signature char ${ch}`)
        return pb[ch]
      }),
    )
  const results = sig[0] === 'v' ? '' : sig[0]
  return Uint8Array.of(
    0,
    97,
    115,
    109,
    1,
    0,
    0,
    0,
    1,
    ...ob([1, 96, ...qb(sig.slice(1)), ...qb(results)]),
    2,
    7,
    1,
    1,
    101,
    1,
    102,
    0,
    0,
    7,
    5,
    1,
    1,
    102,
    0,
    0,
  )
}

/** Signatures passed to addFunction anywhere in the wrapper library. */
function signatures(files) {
  const sigs = new Set()
  for (const text of Object.values(files)) {
    for (const m of text.matchAll(/addFunction\(([\s\S]*?)\}?\)?,\s*'([a-z]+)'\)/g)) sigs.add(m[2])
  }
  return [...sigs].sort()
}

function patchGlue(raw, sigs) {
  const marker = 'pa??=ea('
  const at = raw.indexOf(marker)
  if (at < 0 || raw.indexOf(marker, at + 1) >= 0) throw new Error('build-xsd-wasm: inline wasm literal not found exactly once')
  const litStart = at + marker.length
  const litEnd = endOfStringLiteral(raw, litStart)
  const literal = vm.runInNewContext(raw.slice(litStart, litEnd)) // a plain string literal, checked above
  const wasm = decodeLikeGlue(literal)
  let glue = `${raw.slice(0, at)}pa??=null${raw.slice(litEnd + 1)}` // drop `ea('…')`, keep what follows `)`
  glue = replaceOnce(glue, 'h=globalThis.process?.versions?.node&&"renderer"!=globalThis.process?.type', 'h=!1', 'Node detection')
  // addFunction: use the precompiled wrapper for the signature instead of compiling one now.
  glue = replaceOnce(
    glue,
    /c=Uint8Array\.of\(0,97,115,109,[^;]*;c=new WebAssembly\.Module\(c\);/,
    'c=f.wasmFunctionWrapper(c);',
    'addFunction wrapper compile',
  )
  const imports = sigs.map((s) => `import fn_${s} from './fn-${s}.wasm';`).join('\n')
  const header = [
    '// GENERATED by scripts/build-xsd-wasm.mjs from libxml2-wasm/lib/libxml2raw.mjs (MIT, see LICENSE): do not edit.',
    "import wasmModule from './libxml2.wasm';",
    imports,
    `const wrappers = { ${sigs.map((s) => `${s}: fn_${s}`).join(', ')} };`,
    'const defaultModuleArg = () => ({',
    '  instantiateWasm(imports, done) { const instance = new WebAssembly.Instance(wasmModule, imports); done(instance, wasmModule); return {}; },',
    "  wasmFunctionWrapper(sig) { const m = wrappers[sig]; if (!m) throw new Error('libxml2 (edge): no precompiled wasm wrapper for signature ' + sig); return m; },",
    '});',
    '',
  ].join('\n')
  glue = replaceOnce(glue, 'async function Module(moduleArg={})', 'async function Module(moduleArg=defaultModuleArg())', 'Module signature')
  return { glue: header + glue, wasm }
}

/** The edge variant of the FatturaPA XSD: no xmldsig import, the signature slot is a lax wildcard. */
export function deriveEdgeXsd(xsd) {
  let out = replaceOnce(xsd, /<xs:import namespace="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#"[^>]*\/>/, '', 'xmldsig xs:import')
  out = replaceOnce(
    out,
    /<xs:element ref="ds:Signature"\s+minOccurs="0"\s*\/>/,
    '<xs:any namespace="http://www.w3.org/2000/09/xmldsig#" processContents="lax" minOccurs="0"/>',
    'ds:Signature reference',
  )
  return out.replace(
    '<xs:schema ',
    '<!-- GENERATED by scripts/build-xsd-wasm.mjs from Schema_del_file_xml_FatturaPA_v1.2.2.xsd: the xmldsig import is removed and ds:Signature is a lax xs:any (the signature is checked cryptographically, not by the schema). Do not edit. -->\n<xs:schema ',
  )
}

/**
 * The SDI message schema, checked: it must import xmldsig from {@link XMLDSIG_URL} (the one URL the
 * validators serve from memory), or the SDI validator would not compile offline.
 */
export function checkMessaggiXsd(xsd) {
  const imports = [...xsd.matchAll(/<xsd:import\s[^>]*>/g)].map((m) => m[0])
  const dsig = imports.filter((tag) => tag.includes('namespace="http://www.w3.org/2000/09/xmldsig#"'))
  if (imports.length !== 1 || dsig.length !== 1 || !dsig[0].includes(`schemaLocation="${XMLDSIG_URL}"`))
    throw new Error(`build-xsd-wasm: ${MESSAGGI_FILE} must import only xmldsig, from ${XMLDSIG_URL}`)
  return xsd
}

function schemasModule(xsd, edgeXsd, dsig, messaggi) {
  const lit = (s) => JSON.stringify(s)
  return [
    '// GENERATED by scripts/build-xsd-wasm.mjs from adapters/fatturapa/xsd/schemas/*.xsd: do not edit.',
    '// The schemas as strings, so that workerd (no filesystem), Deno and Node all get them by import.',
    '',
    '/** The URL the FatturaPA XSD imports xmldsig from; validators map it to XMLDSIG_XSD, offline. */',
    `export const XMLDSIG_URL = ${lit(XMLDSIG_URL)}`,
    `/** ${XSD_FILE} (official, unmodified, BOM included). */`,
    `export const FATTURAPA_XSD = ${lit(xsd)}`,
    `/** ${DSIG_FILE} (W3C). */`,
    `export const XMLDSIG_XSD = ${lit(dsig)}`,
    `/** ${EDGE_XSD_FILE}: the edge variant (no xmldsig import; lax ds:Signature). */`,
    `export const FATTURAPA_EDGE_XSD = ${lit(edgeXsd)}`,
    `/** ${MESSAGGI_FILE}: the SDI message schema (RicevutaConsegna, NotificaScarto, …), importing xmldsig from XMLDSIG_URL. */`,
    `export const MESSAGGI_XSD = ${lit(messaggi)}`,
    `/** The file name of MESSAGGI_XSD (the base URL libxml2 is given for it). */`,
    `export const MESSAGGI_XSD_FILE = ${lit(MESSAGGI_FILE)}`,
    '',
  ].join('\n')
}

/** Every generated file: path relative to the repository → contents. */
export function derive() {
  if (pkg.version !== EXPECTED_VERSION)
    throw new Error(`build-xsd-wasm: libxml2-wasm ${pkg.version} installed, the patch is for ${EXPECTED_VERSION}`)
  const lib = join(pkgDir, 'lib')
  const files = {}
  const sources = {}
  for (const name of readdirSync(lib).sort()) {
    if (!name.endsWith('.mjs') && !name.endsWith('.d.mts')) continue
    sources[name] = readFileSync(join(lib, name), 'utf8')
  }
  const sigs = signatures(Object.fromEntries(Object.entries(sources).filter(([n]) => n.endsWith('.mjs') && n !== 'libxml2raw.mjs')))
  for (const [name, text] of Object.entries(sources)) {
    if (name === 'libxml2raw.mjs') {
      const { glue, wasm } = patchGlue(text, sigs)
      files[`${vendorRel}/libxml2raw.mjs`] = Buffer.from(glue)
      files[`${vendorRel}/libxml2.wasm`] = Buffer.from(wasm)
    } else if (name === 'nodejs.mjs' || name === 'nodejs.d.mts') {
      // node:fs helpers: not for the edge
    } else {
      const clean = text.replace(/\n?\/\/# sourceMappingURL=.*$/m, '\n')
      files[`${vendorRel}/${name}`] = Buffer.from(name === 'index.d.mts' ? clean + STRUCT_EXPORTS : clean)
    }
  }
  for (const s of sigs) files[`${vendorRel}/fn-${s}.wasm`] = Buffer.from(wrapperWasm(s))
  flattenModules(files)
  files[`${vendorRel}/LICENSE`] = readFileSync(join(pkgDir, 'LICENSE'))
  files[`${vendorRel}/LICENSE.libxml2`] = readFileSync(join(pkgDir, 'LICENSE.libxml2'))
  files[`${vendorRel}/README.md`] = Buffer.from(
    [
      `# libxml2-wasm ${pkg.version}, patched for workerd (GENERATED: do not edit)`,
      '',
      'Written by `node scripts/build-xsd-wasm.mjs` from `node_modules/libxml2-wasm/lib` (MIT, see LICENSE and',
      'LICENSE.libxml2; upstream https://github.com/jameslan/libxml2-wasm). Changes: see the header of the script.',
      `Precompiled addFunction wrappers for the signatures: ${sigs.join(', ')}.`,
      '',
    ].join('\n'),
  )
  const xsd = readFileSync(join(root, schemasRel, XSD_FILE), 'utf8')
  const dsig = readFileSync(join(root, schemasRel, DSIG_FILE), 'utf8')
  const messaggi = checkMessaggiXsd(readFileSync(join(root, schemasRel, MESSAGGI_FILE), 'utf8'))
  const edgeXsd = deriveEdgeXsd(xsd)
  files[`${schemasRel}/${EDGE_XSD_FILE}`] = Buffer.from(edgeXsd)
  files[`${schemasRel}/schemas.generated.ts`] = Buffer.from(schemasModule(xsd, edgeXsd, dsig, messaggi))
  return files
}

/**
 * Replaces the vendored `*.mjs` modules with one esbuild bundle, `index.mjs` (see the header: their
 * import cycle under a top-level await deadlocks in lazily-initialised bundles). The `.d.mts` files stay
 * for the types; the `.wasm` files stay separate imports (workerd compiles them as modules).
 */
function flattenModules(files) {
  const esbuild = require('esbuild')
  const dir = mkdtempSync(join(tmpdir(), 'varco-libxml2-'))
  try {
    const mjs = Object.keys(files).filter((rel) => rel.startsWith(`${vendorRel}/`) && rel.endsWith('.mjs'))
    for (const rel of mjs) writeFileSync(join(dir, rel.slice(vendorRel.length + 1)), files[rel])
    writeFileSync(join(dir, 'entry.mjs'), `export * from './index.mjs';\n${STRUCT_EXPORTS}`)
    const out = esbuild.buildSync({
      entryPoints: [join(dir, 'entry.mjs')],
      absWorkingDir: dir,
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      external: ['*.wasm'],
      write: false,
      legalComments: 'inline',
      logLevel: 'silent',
    })
    for (const rel of mjs) delete files[rel]
    const header =
      '// GENERATED by scripts/build-xsd-wasm.mjs: libxml2-wasm/lib/*.mjs (MIT, see LICENSE), patched for workerd and\n' +
      '// flattened into one module by esbuild (no import cycle below the top-level await). Do not edit.\n'
    files[`${vendorRel}/index.mjs`] = Buffer.from(header + out.outputFiles[0].text)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Files under the vendor folder that the current derivation no longer writes. */
function leftovers(files) {
  const dir = join(root, vendorRel)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .map((name) => `${vendorRel}/${name}`)
    .filter((rel) => !(rel in files))
}

function main() {
  const check = process.argv.includes('--check')
  const files = derive()
  const stale = []
  for (const [rel, bytes] of Object.entries(files)) {
    const path = join(root, rel)
    const same = existsSync(path) && Buffer.compare(readFileSync(path), bytes) === 0
    if (same) continue
    stale.push(rel)
    if (!check) {
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, bytes)
    }
  }
  for (const rel of leftovers(files)) {
    stale.push(`${rel} (no longer generated)`)
    if (!check) rmSync(join(root, rel))
  }
  if (check) {
    if (stale.length > 0) {
      console.error(`stale generated files (run node scripts/build-xsd-wasm.mjs):\n  ${stale.join('\n  ')}`)
      process.exit(1)
    }
    console.log(`build-xsd-wasm: ${Object.keys(files).length} generated files are current`)
  } else {
    console.log(`build-xsd-wasm: wrote ${stale.length} of ${Object.keys(files).length} files under ${xsdDir}`)
  }
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) main()
