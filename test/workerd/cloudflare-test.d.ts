/**
 * The slice of `cloudflare:test` (provided by @cloudflare/vitest-plugin inside workerd) that this
 * suite uses. Declared here because the root tsconfig uses DOM + Node types, not
 * @cloudflare/workers-types, which the plugin's own declarations (`@cloudflare/vitest-plugin/types`)
 * depend on. Shapes follow node_modules/@cloudflare/vitest-plugin/types/cloudflare-test.d.ts.
 */

declare module 'cloudflare:test' {
  export interface ExecutionContext {
    waitUntil(promise: Promise<unknown>): void
    passThroughOnException(): void
  }
  export function createExecutionContext(): ExecutionContext
  export function waitOnExecutionContext(ctx: ExecutionContext): Promise<void>

  export interface ScheduledController {
    readonly scheduledTime: number
    readonly cron: string
    noRetry(): void
  }
  export function createScheduledController(options?: { scheduledTime?: Date | number; cron?: string }): ScheduledController

  export interface QueueMessage<Body = unknown> {
    readonly id: string
    readonly timestamp: Date
    readonly body: Body
    readonly attempts: number
    ack(): void
    retry(): void
  }
  export interface MessageBatch<Body = unknown> {
    readonly queue: string
    readonly messages: readonly QueueMessage<Body>[]
    ackAll(): void
    retryAll(): void
  }
  export type MessageBatchMessage<Body = unknown> = { id: string; timestamp: Date | number; attempts: number; body: Body }
  export function createMessageBatch<Body = unknown>(queueName: string, messages: MessageBatchMessage<Body>[]): MessageBatch<Body>
  export interface QueueResult {
    outcome: string
    ackAll: boolean
    retryBatch: { retry: boolean; delaySeconds?: number }
    explicitAcks: string[]
    retryMessages: { msgId: string; delaySeconds?: number }[]
  }
  export function getQueueResult(batch: MessageBatch, ctx: ExecutionContext): Promise<QueueResult>
}
