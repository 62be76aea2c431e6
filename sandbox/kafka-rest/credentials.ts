/** What the Kafka REST Proxy simulator answers to: one cluster id (Basic auth only when a test asks for it). @module */

export const SANDBOX_KAFKA_REST = {
  /** The only cluster the simulator has (`/v3/clusters/{id}`). */
  clusterId: 'varco-sandbox',
} as const
