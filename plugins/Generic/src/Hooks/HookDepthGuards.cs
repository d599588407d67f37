using Acornima.Ast;
using Jint;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// JavaScript run after <see cref="HookPrelude"/>: the built-ins through which Jint recurses on the
/// .NET stack without running a statement (so <see cref="HookStackGuard"/> never sees it) get a thin
/// JavaScript wrapper, whose statement it does see. <c>String(a)</c> of an array nested a few hundred
/// thousand levels (a script builds one in a loop) killed the whole process. <c>flat</c> flattens in
/// steps of 256 levels, a bound function calls its target through a step, every proxy's traps pass
/// through a wrapper, and <c>ShadowRealm</c> (fresh built-ins without these wrappers) is removed.
/// </summary>
internal static class HookDepthGuards
{
    private const string Code = """
        (function (g) {
          var DEPTH = 256, define = Object.defineProperty, isArray = Array.isArray, R = g.Reflect;
          var apply = Function.prototype.call.bind(Function.prototype.apply);
          function method(obj, name, f, native) {
            define(f, 'length', { value: native.length, configurable: true });
            define(obj, name, { value: f, writable: true, configurable: true, enumerable: false });
          }
          function wrap(obj, name) {
            var native = obj[name];
            method(obj, name, ({ [name]() { return apply(native, this, arguments); } })[name], native);
          }
          var AP = Array.prototype, FP = Function.prototype;
          wrap(AP, 'join'); wrap(AP, 'toString'); wrap(AP, 'toLocaleString');
          wrap(FP, 'call'); wrap(FP, 'apply'); wrap(R, 'apply'); wrap(R, 'construct');
          var flat = AP.flat;
          method(AP, 'flat', ({ flat() {
            var d = arguments.length && arguments[0] !== undefined ? Number(arguments[0]) : 1;
            if (!(d > DEPTH)) return apply(flat, this, arguments);
            var r = apply(flat, this, [DEPTH]);
            for (d -= DEPTH; d > 0 && r.some(isArray); d -= DEPTH) r = apply(flat, r, [d > DEPTH ? DEPTH : d]);
            return r;
          } }).flat, flat);
          // A bound function calls its target natively: bound natives chained through getters or valueOf
          // (Reflect.get.bind(null, next, 'x')) recursed without a statement. Each now calls a step.
          var bind = FP.bind, construct = R.construct;
          method(FP, 'bind', ({ bind(thisArg) {
            var target = this;
            if (typeof target !== 'function') return apply(bind, target, arguments);
            var step = function () {
              return new.target ? construct(target, arguments, new.target === step ? target : new.target) : apply(target, this, arguments);
            };
            define(step, 'name', { value: target.name, configurable: true });
            define(step, 'length', { value: target.length, configurable: true });
            step.prototype = target.prototype;
            return apply(bind, step, arguments);
          } }).bind, bind);
          var RawProxy = g.Proxy, forward = {};
          ['apply', 'construct', 'defineProperty', 'deleteProperty', 'get', 'getOwnPropertyDescriptor', 'getPrototypeOf',
           'has', 'isExtensible', 'ownKeys', 'preventExtensions', 'set', 'setPrototypeOf'].forEach(function (t) { forward[t] = R[t]; });
          function traps(handler) {
            if (handler === null || (typeof handler !== 'object' && typeof handler !== 'function')) return handler;
            var h = {};
            Object.keys(forward).forEach(function (t) {
              h[t] = function () { var trap = handler[t]; return trap == null ? apply(forward[t], undefined, arguments) : apply(trap, handler, arguments); };
            });
            return h;
          }
          function Proxy(target, handler) {
            if (new.target === undefined) throw new TypeError("Constructor Proxy requires 'new'");
            return new RawProxy(target, traps(handler));
          }
          define(Proxy, 'revocable', { value: function revocable(target, handler) { return RawProxy.revocable(target, traps(handler)); }, writable: true, configurable: true });
          g.Proxy = Proxy;
          delete g.ShadowRealm;
        })(globalThis);
        """;

    public static Prepared<Script> Program { get; } = Engine.PrepareScript(Code, "helr-depth-guards");
}
