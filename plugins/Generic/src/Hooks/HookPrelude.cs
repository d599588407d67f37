using Acornima.Ast;
using Jint;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// The JavaScript run before every script: <c>console</c> and <c>fetch</c> built on two host
/// functions, which it then removes from the global object so scripts reach them only through these.
/// </summary>
internal static class HookPrelude
{
    public const string LogFunction = "__helrLog";
    public const string FetchFunction = "__helrFetch";

    private const string Code = """
        (function (g) {
          var log = g.__helrLog, raw = g.__helrFetch;
          delete g.__helrLog; delete g.__helrFetch;
          function text(args) {
            return Array.prototype.map.call(args, function (a) {
              if (typeof a === 'string') return a;
              try { var s = JSON.stringify(a); return s === undefined ? String(a) : s; } catch (e) { return String(a); }
            }).join(' ');
          }
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

    public static Prepared<Script> Program { get; } = Engine.PrepareScript(Code, "helr-prelude");
}
