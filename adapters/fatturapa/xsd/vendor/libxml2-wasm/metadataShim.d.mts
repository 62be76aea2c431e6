declare global {
    interface SymbolConstructor {
        readonly metadata: unique symbol;
    }
}
export {};
