/** Clock: the only source of "now" for core and use cases. @module */
export type Clock = () => Date
