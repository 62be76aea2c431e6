/** The Kafka REST Proxy's error body, and the UTF-8 and base64 codings of record keys and values. @module */

import type { Context } from 'hono'

export const utf8 = new TextEncoder()
export const text = (b: Uint8Array) => new TextDecoder().decode(b)
export const toBase64 = (b: Uint8Array) => btoa(Array.from(b, (x) => String.fromCharCode(x)).join(''))
export const fromBase64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0))

export const kafkaError = (c: Context, status: 400 | 401 | 404 | 406 | 409 | 415 | 500, code: number, message: string) =>
  c.json({ error_code: code, message }, status)
