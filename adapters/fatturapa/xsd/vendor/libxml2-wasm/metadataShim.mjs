Symbol.metadata ??= Symbol.for('Symbol.metadata');
export {};
