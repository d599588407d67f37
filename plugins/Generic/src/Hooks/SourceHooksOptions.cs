namespace Helr.Plugins.Generic.Hooks;

/// <summary><c>sources.&lt;id&gt;.hooks</c>: the source's JS hook script, from a file or inline.</summary>
internal sealed record SourceHooksOptions
{
    /// <summary>File name under <c>global.hooks.path</c>, or a path starting with <c>/</c>, <c>./</c> or <c>.\</c>.</summary>
    public string? Script { get; init; }

    /// <summary>Inline JavaScript; when set (after trimming) it wins over <see cref="Script"/>.</summary>
    public string? ScriptInline { get; init; }
}
