/**
 * The EventPublisher contract inside workerd: the in-process rows of the publisher matrix, and the
 * Cloudflare Queue publisher over the real PAYMENTS_OUT producer binding of wrangler.toml.
 * @module
 */

import * as cloudflareTest from 'cloudflare:test'
import type { QueueProducer } from '../../adapters/cf-queue/index.ts'
import { runEventPublisherMatrix } from '../contract/event-publisher.matrix.ts'

const bindings = (cloudflareTest as unknown as { env: Record<string, unknown> }).env
const PAYMENTS_OUT = bindings['PAYMENTS_OUT'] as QueueProducer | undefined

runEventPublisherMatrix('workerd', PAYMENTS_OUT ? { PAYMENTS_OUT } : {})
