/** Id generator: returns a new random UUID (v4). Tests pass a sequential fake. @module */
export type NewId = () => string
