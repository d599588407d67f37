namespace Helr.Kernel.Config;

/// <summary>Per-source <c>on_invalid_utf8</c>; <see cref="Strict"/> when the key is absent.</summary>
internal enum InvalidUtf8Policy { Strict, Replace, Escape, Fail }
