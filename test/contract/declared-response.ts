/**
 * A response body is exactly what its route declares in the OpenAPI contract: the declared zod
 * schema accepts it, and parsing drops nothing (objects strip undeclared keys, so an undeclared
 * field shows up as a difference).
 * @module
 */

import type { z } from '@hono/zod-openapi'
import { expect } from 'vitest'

type DeclaredRoute = { readonly responses: Readonly<Record<number, { readonly content?: Record<string, { readonly schema?: unknown }> }>> }

export function expectDeclared(route: DeclaredRoute, status: number, body: unknown): void {
  const schema = route.responses[status]?.content?.['application/json']?.schema as z.ZodType | undefined
  if (!schema) throw new Error(`the route declares no application/json body for ${status}`)
  const parsed = schema.safeParse(body)
  expect(parsed.success ? [] : parsed.error.issues).toEqual([])
  expect(parsed.data).toEqual(body)
}
