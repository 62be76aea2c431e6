/** Id generator: returns a new UUID (the gateway's: time-ordered v7, adapters/shared/uuid-v7.ts). Tests pass a sequential fake. @module */
export type NewId = () => string
