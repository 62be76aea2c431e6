/**
 * Node and Deno: the long-lived Kafka consumer (KAFKA_CONSUME=true, KAFKA_CONSUMER_LOOP on), fed to
 * the same inbound handler as the cron drain and the Queue consumer. While it runs, the cron's
 * consume-kafka job stands aside; `stop()` (SIGTERM) lets the event in hand settle, deletes the
 * consumer instance and resolves.
 * @module
 */

import type { Deps } from '../deps/index.ts'
import { inboundHandler } from '../ingest-event.ts'

export type KafkaLoop = { readonly stop: () => Promise<void> }

export function startKafkaLoop(deps: Deps): KafkaLoop | null {
  const stream = deps.paymentEventStream
  if (!stream) return null
  const ctrl = new AbortController()
  const done = stream.run(inboundHandler(deps, 'kafka'), ctrl.signal).catch((e: unknown) => {
    deps.logger.error('kafka consumer stopped on an error; the per-minute cron consumes instead', { error: e })
  })
  return {
    async stop() {
      ctrl.abort()
      await done
    },
  }
}
