/**
 * 2D barcodes as vector outlines. bwip-js encodes the symbol and traces its dark modules into
 * orthogonal outlines, which it hands to a drawing context; ours only collects them, in module units
 * with y downwards, for pdf-lib to fill with the even-odd rule (holes are outlines too). No canvas,
 * fonts or wasm, so it runs in workerd. Only the `qrcode` and `datamatrix` encoders are imported
 * (named imports of `bwip-js/generic`), so bundlers leave the other ~100 symbologies out.
 * @module
 */

import { type DrawingContext, datamatrix, qrcode, type RenderOptions } from 'bwip-js/generic'

export type Symbology =
  /** pagoPA notice QR (pagopa.md A2.3): version 4 (33×33 modules), error correction M. */
  | { readonly kind: 'pagopa-qr' }
  /** Poste Italiane data matrix (ECC 200, square; bwip-js picks the smallest size that fits). */
  | { readonly kind: 'datamatrix' }

export type Point = readonly [x: number, y: number]

export type ModuleMatrix = {
  /** Modules across and down (no quiet zone). */
  readonly columns: number
  readonly rows: number
  /** Closed outlines of the dark areas, in modules from the top-left corner; fill them even-odd. */
  readonly outlines: readonly (readonly Point[])[]
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))

/** A drawing context that keeps bwip-js's outlines (in its pixels) and ignores everything else. */
function outlineCollector(): DrawingContext<{ size: Point; outlines: Point[][] }> {
  let size: Point = [0, 0]
  const outlines: Point[][] = []
  return {
    scale: () => null,
    measure: () => ({ width: 0, ascent: 0, descent: 0 }),
    init: (width, height) => {
      size = [width, height]
    },
    line: () => {},
    polygon: (pts) => {
      outlines.push(pts.map(([x, y]) => [x, y] as const))
    },
    hexagon: () => {
      throw new Error('unexpected hexagon in a QR code or data matrix')
    },
    ellipse: () => {
      throw new Error('unexpected ellipse in a QR code or data matrix')
    },
    fill: () => {},
    text: () => {},
    end: () => ({ size, outlines }),
  }
}

/** Encodes `text` and returns the outlines of its dark modules. Throws when the text does not fit. */
export function encodeMatrix(symbology: Symbology, text: string): ModuleMatrix {
  // Symbology options (eclevel, version, format) are not in bwip-js's option type, hence the widening.
  const options: RenderOptions & Record<string, unknown> =
    symbology.kind === 'pagopa-qr'
      ? { bcid: 'qrcode', text, eclevel: 'M', version: '4', scale: 1, padding: 0 }
      : { bcid: 'datamatrix', text, format: 'square', scale: 1, padding: 0 }
  const encode = symbology.kind === 'pagopa-qr' ? qrcode : datamatrix
  const { size, outlines } = encode(options, outlineCollector())
  if (outlines.length === 0 || size[0] <= 0) throw new Error(`bwip-js drew no ${symbology.kind}`)
  // Every vertex lies on a module boundary, and the timing patterns alternate module by module, so
  // the greatest common divisor of all coordinates is the module size in bwip-js pixels.
  const module = outlines.flat(2).reduce((g, v) => gcd(g, Math.round(v)), Math.round(size[0]))
  return {
    columns: Math.round(size[0] / module),
    rows: Math.round(size[1] / module),
    outlines: outlines.map((o) => o.map(([x, y]) => [x / module, y / module] as const)),
  }
}
