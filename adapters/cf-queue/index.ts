export { consumeQueueBatch, type QueueBatch, type QueueMessage, type QueueReport, retryDelaySeconds } from './consumer.ts'
export { createQueuePublisher, isQueueProducer, type QueueProducer } from './publisher.ts'
