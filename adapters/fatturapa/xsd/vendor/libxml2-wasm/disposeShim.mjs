Symbol.dispose ??= Symbol.for('Symbol.dispose');
export {};
