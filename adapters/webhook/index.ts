export { createWebhookPublisher, type WebhookConfig } from './publisher.ts'
export { DEFAULT_TOLERANCE_SECONDS, SIGNATURE_HEADER, signWebhook, verifyWebhookSignature } from './signature.ts'
