/**
 * The opaque cursor of an RTD submission list page: base64url of `<createdAt ms>|<id>` of the last
 * item shown. A cursor this module did not make decodes to null (the caller answers an empty page).
 * @module
 */

const b64url = (s: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(s)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

export function encodeRtdCursor(createdAt: Date, id: string): string {
  return b64url(`${createdAt.getTime()}|${id}`)
}

export function decodeRtdCursor(cursor: string): { readonly createdAt: number; readonly id: string } | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null
  let text: string
  try {
    const bin = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'))
    text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)))
  } catch {
    return null
  }
  const m = /^(-?\d{1,16})\|(.+)$/s.exec(text)
  if (!m?.[1] || !m[2]) return null
  const createdAt = Number(m[1])
  return Number.isSafeInteger(createdAt) ? { createdAt, id: m[2] } : null
}
