namespace Helr.Kernel.Config;

/// <summary>Per-source <c>max_line_bytes_behavior</c>.</summary>
internal enum LineLimitBehavior { Fail, Truncate, Skip }
