/** zod readers of the column kinds every repo shares: INTEGER ms and the times stored as them. @module */

import { z } from 'zod'

export const ms = z.number().int()
export const date = ms.transform((v) => new Date(v))
export const nullableDate = ms.nullable().transform((v) => (v === null ? null : new Date(v)))
