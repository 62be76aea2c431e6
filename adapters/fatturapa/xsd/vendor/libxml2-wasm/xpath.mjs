var __esDecorate = (this && this.__esDecorate) || function (ctor, descriptorIn, decorators, contextIn, initializers, extraInitializers) {
    function accept(f) { if (f !== void 0 && typeof f !== "function") throw new TypeError("Function expected"); return f; }
    var kind = contextIn.kind, key = kind === "getter" ? "get" : kind === "setter" ? "set" : "value";
    var target = !descriptorIn && ctor ? contextIn["static"] ? ctor : ctor.prototype : null;
    var descriptor = descriptorIn || (target ? Object.getOwnPropertyDescriptor(target, contextIn.name) : {});
    var _, done = false;
    for (var i = decorators.length - 1; i >= 0; i--) {
        var context = {};
        for (var p in contextIn) context[p] = p === "access" ? {} : contextIn[p];
        for (var p in contextIn.access) context.access[p] = contextIn.access[p];
        context.addInitializer = function (f) { if (done) throw new TypeError("Cannot add initializers after decoration has completed"); extraInitializers.push(accept(f || null)); };
        var result = (0, decorators[i])(kind === "accessor" ? { get: descriptor.get, set: descriptor.set } : descriptor[key], context);
        if (kind === "accessor") {
            if (result === void 0) continue;
            if (result === null || typeof result !== "object") throw new TypeError("Object expected");
            if (_ = accept(result.get)) descriptor.get = _;
            if (_ = accept(result.set)) descriptor.set = _;
            if (_ = accept(result.init)) initializers.unshift(_);
        }
        else if (_ = accept(result)) {
            if (kind === "field") initializers.unshift(_);
            else descriptor[key] = _;
        }
    }
    if (target) Object.defineProperty(target, contextIn.name, descriptor);
    done = true;
};
var __runInitializers = (this && this.__runInitializers) || function (thisArg, initializers, value) {
    var useValue = arguments.length > 2;
    for (var i = 0; i < initializers.length; i++) {
        value = useValue ? initializers[i].call(thisArg, value) : initializers[i].call(thisArg);
    }
    return useValue ? value : void 0;
};
var __setFunctionName = (this && this.__setFunctionName) || function (f, name, prefix) {
    if (typeof name === "symbol") name = name.description ? "[".concat(name.description, "]") : "";
    return Object.defineProperty(f, "name", { configurable: true, value: prefix ? "".concat(prefix, " ", name) : name });
};
import { disposeBy, XmlDisposable } from './disposable.mjs';
import { XmlError, xmlXPathCtxtCompile, xmlXPathFreeCompExpr, } from './libxml2.mjs';
/**
 * An exception class for XPath compilation or evaluation errors.
 */
export class XmlXPathError extends XmlError {
}
/**
 * The XPath object.
 *
 * At the time of creation, this object compiles the XPath expression,
 * which can be reused multiple times, even for different documents.
 *
 * Note: This object requires to be {@link dispose}d explicitly.
 */
let XmlXPath = (() => {
    let _classDecorators = [disposeBy(xmlXPathFreeCompExpr)];
    let _classDescriptor;
    let _classExtraInitializers = [];
    let _classThis;
    let _classSuper = XmlDisposable;
    var XmlXPath = _classThis = class extends _classSuper {
        /** @internal */
        constructor(xpath, xpathStr, namespaces) {
            super(xpath);
            this._xpathSource = xpathStr;
            this._namespaces = namespaces;
        }
        /**
         * Namespaces and prefixes used in the XPath.
         */
        get namespaces() {
            return this._namespaces;
        }
        /**
         * XPath selector string.
         */
        toString() {
            return this._xpathSource;
        }
        /**
         * Create a new XPath object.
         * @param xpathStr The XPath selector string.
         * @param namespaces Namespace map for prefixes used in the `xpathStr`.
         */
        static compile(xpathStr, namespaces) {
            const compileResult = xmlXPathCtxtCompile(0, xpathStr);
            if (compileResult === 0) {
                throw new XmlXPathError(`Failed to compile XPath expression: ${xpathStr}`);
            }
            const xpath = XmlXPath.getInstance(compileResult, xpathStr, namespaces);
            return xpath;
        }
    };
    __setFunctionName(_classThis, "XmlXPath");
    (() => {
        const _metadata = typeof Symbol === "function" && Symbol.metadata ? Object.create(_classSuper[Symbol.metadata] ?? null) : void 0;
        __esDecorate(null, _classDescriptor = { value: _classThis }, _classDecorators, { kind: "class", name: _classThis.name, metadata: _metadata }, null, _classExtraInitializers);
        XmlXPath = _classThis = _classDescriptor.value;
        if (_metadata) Object.defineProperty(_classThis, Symbol.metadata, { enumerable: true, configurable: true, writable: true, value: _metadata });
        __runInitializers(_classThis, _classExtraInitializers);
    })();
    return XmlXPath = _classThis;
})();
export { XmlXPath };
