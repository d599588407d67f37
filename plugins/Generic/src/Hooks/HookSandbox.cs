using System.Text.Json.Nodes;
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

    public TimeSpan Timeout => TimeSpan.FromSeconds(settings.TimeoutSecs);

    /// <summary>
    /// Calls <paramref name="hook"/> with JSON arguments and returns its (awaited) result as JSON;
    /// <c>undefined</c> and <c>null</c> both give null. Throws <see cref="HookException"/> naming the
    /// hook, the script file and line.
    /// </summary>
    public JsonNode? Invoke(string hook, HookCall call, params JsonNode?[] args)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(call.Cancellation);
        deadline.CancelAfter(Timeout);
        var memoryMb = settings.MemoryLimitMb ?? DefaultMemoryLimitMb;
        var console = new HookConsole(call, script.File, hook);
        using var engine = new Engine(options =>
        {
            options.TimeoutInterval(Timeout);
            options.CancellationToken(deadline.Token);
            options.LimitMemory(memoryMb * 1024 * 1024);
            options.LimitRecursion(RecursionLimit);
            options.MaxStatements(StatementLimit);
            options.Constraints.MaxArraySize = ArraySizeLimit;
            options.Constraints.RegexTimeout = Timeout;
            options.Constraint(new HookStackGuard());
        });
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
            var function = engine.Evaluate($"typeof {hook} === 'function' ? {hook} : undefined");
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
            if (GC.GetAllocatedBytesForCurrentThread() - invoked > memoryMb * 1024 * 1024)
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
            var error = HookErrors.Describe(ex, hook, script.File, settings, memoryMb, deadline.IsCancellationRequested);
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
}
