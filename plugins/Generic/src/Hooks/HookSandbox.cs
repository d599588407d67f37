using System.Text.Json.Nodes;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// Runs one hook call in a fresh engine: upstream scripts assume nothing persists between calls, and
/// a fresh engine is cheap because the program is parsed once (<see cref="HookScript.Program"/>). The
/// limits apply to the whole call (script top level, hook, awaited promises and <c>fetch</c>):
/// wall clock, allocated memory, call depth, stack, statements and array size. No CLR access, no modules,
/// no <c>require</c>, no file system: Jint offers none unless the host adds it, and this host adds
/// only <c>console</c> and (when allowed) <c>fetch</c>.
/// </summary>
internal sealed class HookSandbox(HookScript script, HookSettings settings)
{
    public const long DefaultMemoryLimitMb = 256;
    public const int RecursionLimit = 256;
    public const int StatementLimit = 50_000_000;
    public const uint ArraySizeLimit = 10_000_000;

    public HookScript Script => script;

    public HookSettings Settings => settings;

    // global.hooks.timeout_secs and memory_limit_mb take any whole number, as upstream. Beyond what a timer
    // and a regex timeout can wait (24.8 days), or a byte count can hold, they mean "no limit": they
    // overflowed there and every hook call failed.
    public TimeSpan Timeout => TimeoutOf(settings);

    private long MemoryLimitBytes => MemoryLimitBytesOf(settings);

    private static TimeSpan TimeoutOf(HookSettings settings) => TimeSpan.FromMilliseconds(Math.Min(settings.TimeoutSecs * 1000, int.MaxValue - 1));

    private static long MemoryLimitBytesOf(HookSettings settings)
    {
        var mb = settings.MemoryLimitMb ?? DefaultMemoryLimitMb;
        return mb > long.MaxValue / (1024 * 1024) ? long.MaxValue : mb * 1024 * 1024;
    }

    /// <summary>
    /// Calls <paramref name="hook"/> with JSON arguments and returns its (awaited) result as JSON;
    /// <c>undefined</c> and <c>null</c> both give null. Throws <see cref="HookException"/> naming the
    /// hook, the script file and line.
    /// </summary>
    public JsonNode? Invoke(string hook, HookCall call, params JsonNode?[] args)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(call.Cancellation);
        deadline.CancelAfter(Timeout);
        var console = new HookConsole(call, script.File, hook);
        using var engine = NewEngine(settings, deadline.Token);
        try
        {
            var fetch = new HookFetch(settings.AllowNetwork, call, deadline.Token);
            engine.SetValue(HookPrelude.LogFunction, new Action<string, string>((level, text) => console.Log(level, text)));
            engine.SetValue(HookPrelude.FetchFunction, new Func<string, string, string>((url, init) => fetch.Send(engine, url, init)));
            var native = engine.Evaluate("JSON.stringify");
            engine.Execute(HookPrelude.Program);
            engine.Execute(HookDepthGuards.Program);
            // Taken before the script runs: a script may replace JSON.stringify.
            var stringify = engine.Evaluate("JSON.stringify");
            engine.Execute(script.Program);
            var function = engine.Evaluate(Lookup(hook));
            if (function.IsUndefined()) return null;
            var parser = new JsonParser(engine);
            var jsArgs = args.Select(a => a is null ? JsValue.Null : parser.Parse(a.ToJsonString())).ToArray();
            var invoked = GC.GetAllocatedBytesForCurrentThread();
            var result = engine.Invoke(function, jsArgs).UnwrapIfPromise(deadline.Token);
            if (result.IsUndefined() || result.IsNull()) return null;
            var plain = HookPlainValue.Within(result, engine.Intrinsics.Object.PrototypeObject, engine.Intrinsics.Array.PrototypeObject, HookPrelude.JsonDepthLimit);
            var json = engine.Invoke(plain ? native : stringify, result);
            // Jint checks the limit before each statement: what the return statement built and its
            // serialization are counted only here, before the kernel takes a copy of them.
            if (GC.GetAllocatedBytesForCurrentThread() - invoked > MemoryLimitBytes)
                throw new MemoryLimitExceededException("the hook's result went past the memory limit");
            var node = json.IsUndefined() ? null : JsonNode.Parse(LoneSurrogates.Replace(json.AsString()));
            call.Secrets.Learn(hook, node);
            return node;
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or HookException))
        {
            // The cycle was stopped (shutdown, reload, poll_tick_secs) while the script ran or awaited
            // fetch: a stop, which the kernel neither counts against the source nor checkpoints past.
            call.Cancellation.ThrowIfCancellationRequested();
            var error = HookErrors.Describe(ex, hook, script.File, settings, settings.MemoryLimitMb ?? DefaultMemoryLimitMb, deadline.IsCancellationRequested);
            // The script's own message may quote a token it holds or a login answer; then the original
            // exception, which repeats it, is not kept either.
            var message = call.Secrets.Redact(error.Message);
            throw message == error.Message ? error : new HookException(message);
        }
        finally
        {
            console.Release();
        }
    }

    /// <summary>
    /// The hooks <paramref name="program"/>'s top level leaves as functions where a call looks them up,
    /// run once with the limits of a call, no <c>console</c> output and no <c>fetch</c>; null when the
    /// top level fails. Upstream looks each hook up on the global object at every call, so a script
    /// that assigns one (<c>globalThis.getNextPage = …</c>, a wrapping function) has it called too.
    /// </summary>
    public static IReadOnlySet<string>? DefinedAtLoad(Prepared<Script> program, HookSettings settings)
    {
        using var deadline = new CancellationTokenSource(TimeoutOf(settings));
        using var engine = NewEngine(settings, deadline.Token);
        try
        {
            engine.SetValue(HookPrelude.LogFunction, new Action<string, string>((_, _) => { }));
            engine.SetValue(HookPrelude.FetchFunction, new Func<string, string, string>((_, _) =>
                throw new JavaScriptException(engine.Intrinsics.TypeError, "fetch cannot be called while the script loads")));
            engine.Execute(HookPrelude.Program);
            engine.Execute(HookDepthGuards.Program);
            engine.Execute(program);
            return HookScript.HookNames.Where(hook => !engine.Evaluate(Lookup(hook)).IsUndefined()).ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }

    // Finds a binding of the script's top level (a declaration, let or const) as well as a global property.
    private static string Lookup(string hook) => $"typeof {hook} === 'function' ? {hook} : undefined";

    private static Engine NewEngine(HookSettings settings, CancellationToken token)
    {
        var timeout = TimeoutOf(settings);
        return new Engine(options =>
        {
            options.TimeoutInterval(timeout);
            options.CancellationToken(token);
            options.LimitMemory(MemoryLimitBytesOf(settings));
            options.LimitRecursion(RecursionLimit);
            options.MaxStatements(StatementLimit);
            options.Constraints.MaxArraySize = ArraySizeLimit;
            options.Constraints.RegexTimeout = timeout;
            options.Constraint(new HookStackGuard());
        });
    }
}
