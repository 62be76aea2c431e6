/** `npm run openapi`: writes the OpenAPI document to openapi/openapi.json (committed; a test checks drift). @module */
import { writeFileSync } from 'node:fs'
import { createApp, openApiInfo } from '../edge/app.ts'

const doc = createApp().getOpenAPI31Document(openApiInfo)
writeFileSync(new URL('../openapi/openapi.json', import.meta.url), `${JSON.stringify(doc, null, 2)}\n`)
console.log('wrote openapi/openapi.json')
