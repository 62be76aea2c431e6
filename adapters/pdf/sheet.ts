/**
 * A small drawing surface over one pdf-lib page, in millimetres from the top-left corner (as a
 * printed form is measured), with the two standard Helvetica faces. Text is real, extractable text;
 * characters Helvetica's WinAnsi encoding lacks are folded (`ł` → `l`) or replaced by `?`.
 * @module
 */

import {
  closePath,
  concatTransformationMatrix,
  lineTo,
  moveTo,
  type PDFDocument,
  type PDFFont,
  PDFOperator,
  PDFOperatorNames,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  StandardFonts,
  setFillingColor,
} from 'pdf-lib'
import type { ModuleMatrix } from './barcode.ts'
import { plainLatin } from './format.ts'

export const MM = 72 / 25.4
export const A4 = { width: 210, height: 297 } as const

export const INK = rgb(0, 0, 0)
export const GREY = rgb(0.35, 0.35, 0.35)
export const RULE = rgb(0.75, 0.75, 0.75)
export const BAND = rgb(0.9, 0.92, 0.95)

export type TextStyle = {
  readonly size: number
  readonly bold?: boolean
  readonly color?: ReturnType<typeof rgb>
  /** Right-align at x instead of starting there. */
  readonly align?: 'left' | 'right'
}

export type Sheet = {
  readonly page: PDFPage
  readonly regular: PDFFont
  readonly bold: PDFFont
  /** Draws one line with its baseline at (x, y) mm; returns the next baseline below it. */
  text(s: string, x: number, y: number, style: TextStyle): number
  /** Draws `s` wrapped to `width` mm, at most `maxLines` lines (the last one ends in `…`); returns the next baseline. */
  paragraph(s: string, x: number, y: number, width: number, style: TextStyle & { readonly maxLines?: number }): number
  /** A small grey caption and, under it, a value (bold unless told); returns the next baseline. */
  field(caption: string, value: string, x: number, y: number, width: number, valueStyle?: Partial<TextStyle>): number
  /** A filled band across the page with a bold title, optionally with text at its right end. */
  band(y: number, height: number, title: string, right?: string): void
  /** A horizontal hairline. */
  rule(y: number, x0?: number, x1?: number): void
  /** A barcode, filled even-odd, whose symbol (without quiet zone) is `size` mm wide, top-left at (x, y). */
  barcode(matrix: ModuleMatrix, x: number, y: number, size: number): void
}

export async function newSheet(doc: PDFDocument): Promise<Sheet> {
  const page = doc.addPage([A4.width * MM, A4.height * MM])
  const regular = await doc.embedFont(StandardFonts.Helvetica)
  const bold = await doc.embedFont(StandardFonts.HelveticaBold)
  const printable = new Set(regular.getCharacterSet())
  const top = (y: number) => (A4.height - y) * MM

  const clean = (s: string) =>
    Array.from(s.replace(/\s+/g, ' ').normalize('NFC'), (ch) => {
      if (printable.has(ch.codePointAt(0) ?? 0)) return ch
      const folded = plainLatin(ch)
      return Array.from(folded).every((c) => printable.has(c.codePointAt(0) ?? 0)) && folded.length > 0 ? folded : '?'
    }).join('')

  const fontOf = (style: TextStyle) => (style.bold ? bold : regular)
  const lineHeight = (size: number) => (size * 1.25) / MM

  function text(s: string, x: number, y: number, style: TextStyle): number {
    const font = fontOf(style)
    const line = clean(s)
    const width = font.widthOfTextAtSize(line, style.size) / MM
    page.drawText(line, {
      x: (style.align === 'right' ? x - width : x) * MM,
      y: top(y),
      size: style.size,
      font,
      color: style.color ?? INK,
    })
    return y + lineHeight(style.size)
  }

  function wrap(s: string, width: number, style: TextStyle, maxLines: number): string[] {
    const font = fontOf(style)
    const fits = (t: string) => font.widthOfTextAtSize(t, style.size) <= width * MM
    const lines: string[] = []
    let current = ''
    for (const word of clean(s)
      .split(' ')
      .filter((w) => w.length > 0)) {
      const candidate = current ? `${current} ${word}` : word
      if (fits(candidate)) current = candidate
      else {
        if (current) lines.push(current)
        current = word
        // A single word wider than the column is cut.
        while (!fits(current) && current.length > 1) {
          let cut = current.length - 1
          while (cut > 1 && !fits(current.slice(0, cut))) cut--
          lines.push(current.slice(0, cut))
          current = current.slice(cut)
        }
      }
    }
    if (current) lines.push(current)
    if (lines.length <= maxLines) return lines
    const kept = lines.slice(0, maxLines)
    let last = `${kept[maxLines - 1]}…`
    while (!fits(last) && last.length > 1) last = `${last.slice(0, -2)}…`
    kept[maxLines - 1] = last
    return kept
  }

  function paragraph(s: string, x: number, y: number, width: number, style: TextStyle & { readonly maxLines?: number }): number {
    let next = y
    for (const line of wrap(s, width, style, style.maxLines ?? 50)) next = text(line, x, next, style)
    return next
  }

  function field(caption: string, value: string, x: number, y: number, width: number, valueStyle: Partial<TextStyle> = {}): number {
    const after = text(caption, x, y, { size: 7.5, color: GREY })
    return paragraph(value, x, after + 0.6, width, { size: 10, bold: true, maxLines: 2, ...valueStyle })
  }

  function band(y: number, height: number, title: string, right?: string): void {
    page.drawRectangle({ x: 10 * MM, y: top(y + height), width: (A4.width - 20) * MM, height: height * MM, color: BAND })
    const baseline = y + height / 2 + 1.3
    text(title, 13, baseline, { size: 10, bold: true })
    if (right) text(right, A4.width - 13, baseline, { size: 9, bold: true, align: 'right' })
  }

  function rule(y: number, x0 = 10, x1 = A4.width - 10): void {
    page.drawLine({ start: { x: x0 * MM, y: top(y) }, end: { x: x1 * MM, y: top(y) }, thickness: 0.5, color: RULE })
  }

  function barcode(matrix: ModuleMatrix, x: number, y: number, size: number): void {
    const module = (size / matrix.columns) * MM
    const ops: PDFOperator[] = [
      pushGraphicsState(),
      setFillingColor(INK),
      // Module units, y downwards from the symbol's top-left corner.
      concatTransformationMatrix(module, 0, 0, -module, x * MM, top(y)),
    ]
    for (const outline of matrix.outlines) {
      outline.forEach(([px, py], i) => {
        ops.push(i === 0 ? moveTo(px, py) : lineTo(px, py))
      })
      ops.push(closePath())
    }
    ops.push(PDFOperator.of(PDFOperatorNames.FillEvenOdd), popGraphicsState())
    page.pushOperators(...ops)
  }

  return { page, regular, bold, text, paragraph, field, band, rule, barcode }
}

/** The header both documents share: title and subject on the left, the creditor on the right, then a rule. */
export function drawHeader(s: Sheet, title: string, subject: string, creditor: { readonly name: string; readonly taxId: string }): void {
  s.text(title, 12, 22, { size: 20, bold: true })
  s.paragraph(subject, 12, 30, 95, { size: 10, maxLines: 2 })
  const after = s.paragraph(creditor.name, A4.width - 12, 18, 75, { size: 11, bold: true, maxLines: 2, align: 'right' })
  s.text(`Cod. Fiscale ${creditor.taxId}`, A4.width - 12, after + 1, { size: 9, align: 'right' })
  s.rule(42)
}
