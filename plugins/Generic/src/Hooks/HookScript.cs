using Acornima;
using Acornima.Ast;
using Jint;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// A source's hook script, parsed once when the config is loaded (and again on reload); every call
/// runs the prepared program in a fresh engine. <see cref="Defines"/> is what a call would find: the
/// functions the top level leaves, run once at load (<see cref="HookSandbox.DefinedAtLoad"/>), or its
/// declarations when it cannot run on its own.
/// </summary>
internal sealed class HookScript
{
    public static readonly string[] HookNames = { "getAuth", "buildRequest", "parseResponse", "getNextPage", "commitState" };

    private readonly HashSet<string> _defined;

    private HookScript(Prepared<Script> program, string file, HashSet<string> defined)
    {
        Program = program;
        File = file;
        _defined = defined;
    }

    public Prepared<Script> Program { get; }

    /// <summary>The script's file name (or <c>script_inline</c>), as error messages show it.</summary>
    public string File { get; }

    public bool Defines(string hook) => _defined.Contains(hook);

    /// <summary>
    /// Reads and parses the script of <paramref name="hooks"/>; reports an unreadable file or a syntax
    /// error (with its line and column) on the key that names the script, and returns null then.
    /// </summary>
    public static HookScript? Load(ConfigNode hooks, SourceHooksOptions options, HookSettings settings, IHelrEnvironment env)
    {
        string key, file, code;
        if (!string.IsNullOrWhiteSpace(options.ScriptInline))
        {
            (key, file, code) = ("script_inline", "script_inline", options.ScriptInline.Trim());
        }
        else if (!string.IsNullOrEmpty(options.Script))
        {
            key = "script";
            file = ResolvePath(options.Script, settings.Path);
            try
            {
                code = env.ReadFile(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                hooks.Fail(key, $"cannot read the hook script {file} (global.hooks.path is {settings.Path}): {ex.Message}");
                return null;
            }
        }
        else return null;
        try
        {
            var program = Engine.PrepareScript(code, file);
            // The declarations tell when the top level cannot run on its own: its calls fail then anyway.
            var defined = HookSandbox.DefinedAtLoad(program, settings) ?? TopLevelNames(program.Program!);
            return new HookScript(program, file, defined.ToHashSet(StringComparer.Ordinal));
        }
        catch (ScriptPreparationException ex) when (ex.InnerException is ParseErrorException parse)
        {
            hooks.Fail(key, $"syntax error in {file} at line {parse.LineNumber}, column {parse.Column}: {parse.Error?.Description ?? parse.Message}");
            return null;
        }
    }

    /// <summary>As upstream: a path starting with <c>/</c>, <c>./</c> or <c>.\</c> is used as is, else joined to <c>global.hooks.path</c>.</summary>
    public static string ResolvePath(string script, string folder)
    {
        script = script.Trim();
        return script.StartsWith('/') || script.StartsWith("./", StringComparison.Ordinal) || script.StartsWith(".\\", StringComparison.Ordinal)
            ? script
            : Path.Combine(folder, script);
    }

    private static HashSet<string> TopLevelNames(Script program)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var statement in program.Body)
        {
            if (statement is FunctionDeclaration { Id: { } id }) names.Add(id.Name);
            if (statement is VariableDeclaration declaration)
                foreach (var d in declaration.Declarations)
                    if (d.Id is Identifier name) names.Add(name.Name);
        }
        return names;
    }
}
