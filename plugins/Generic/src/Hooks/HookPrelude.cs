using Acornima.Ast;
using Jint;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// The JavaScript run before every script: <c>console</c> and <c>fetch</c> built on two host
/// functions, which it then removes from the global object so scripts reach them only through these.
/// It also bounds how deep <c>JSON.stringify</c> (hence <c>console.log</c> and the host reading a
/// hook's result) descends: Jint's serializer recurses on the .NET stack without a limit, so a
/// structure nested a few hundred thousand levels deep overflowed it and killed the whole process.
/// </summary>
internal static class HookPrelude
{
    public const string LogFunction = "__helrLog";
    public const string FetchFunction = "__helrFetch";
    public const int JsonDepthLimit = 256;

    private const string Code = """
        (function (g) {
          var log = g.__helrLog, raw = g.__helrFetch;
          delete g.__helrLog; delete g.__helrFetch;
          var stringify = g.JSON.stringify, Depths = g.Map, isArray = Array.isArray;
          // The replacer runs for every value before the serializer descends into it; `this` is its holder.
          function guarded(replacer) {
            var depths = new Depths();
            return function (key, value) {
              if (replacer) value = replacer.call(this, key, value);
              if (value !== null && typeof value === 'object') {
                var depth = (depths.get(this) || 0) + 1;
                if (depth > DEPTH) throw new RangeError('JSON.stringify: value nested deeper than ' + DEPTH + ' levels');
                depths.set(value, depth);
              }
              return value;
            };
          }
          g.JSON.stringify = function (value, replacer, space) {
            if (typeof replacer === 'function') return stringify(value, guarded(replacer), space);
            // A key list keeps its own semantics: a bounded pass first, then the real one.
            if (isArray(replacer)) stringify(value, guarded(null));
            else replacer = guarded(null);
            return stringify(value, replacer, space);
          };
          function text(args) {
            return Array.prototype.map.call(args, function (a) {
              if (typeof a === 'string') return a;
              try { var s = JSON.stringify(a); return s === undefined ? String(a) : s; } catch (e) { return String(a); }
            }).join(' ');
          }
          // Jint's Atomics.wait blocks the thread deaf to the call's timeout and to a stop, and nothing
          // else runs in a hook to wake it: refused, as on a browser's main thread.
          if (g.Atomics) g.Atomics.wait = function () { throw new TypeError('Atomics.wait cannot be called in a hook: nothing could wake it'); };
          g.console = {
            log: function () { log('info', text(arguments)); },
            info: function () { log('info', text(arguments)); },
            debug: function () { log('debug', text(arguments)); },
            warn: function () { log('warn', text(arguments)); },
            error: function () { log('error', text(arguments)); }
          };
          g.fetch = function (url, init) {
            return new Promise(function (resolve) {
              var r = JSON.parse(raw(String(url), JSON.stringify(init || {})));
              var h = r.headers;
              resolve({
                status: r.status, ok: r.status >= 200 && r.status < 300, url: r.url,
                headers: {
                  get: function (n) { var v = h[String(n).toLowerCase()]; return v === undefined ? null : v; },
                  has: function (n) { return h[String(n).toLowerCase()] !== undefined; },
                  entries: function () { return Object.keys(h).map(function (k) { return [k, h[k]]; }); }
                },
                text: function () { return Promise.resolve(r.body); },
                json: function () { return Promise.resolve(JSON.parse(r.body)); }
              });
            });
          };
        })(globalThis);
        """;

    public static Prepared<Script> Program { get; } = Engine.PrepareScript(Code.Replace("DEPTH", JsonDepthLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), "helr-prelude");
}
