export { createKafkaRestSource, type KafkaSourceConfig } from './consumer.ts'
export type { KafkaRestConfig } from './http.ts'
export { createKafkaRestPublisher, DEFAULT_TOPIC, type KafkaPublisherConfig } from './publisher.ts'
export { createKafkaRestStream, type KafkaStreamConfig } from './stream.ts'
