using Helr.Kernel.Config;

namespace Helr.Kernel.Plugins;

/// <summary>
/// A validated config and the sources built while validating it. Validation has to build each source
/// (only its plugin knows its keys), so the run uses these instead of building them a second time.
/// </summary>
internal sealed record LoadedConfig(HelrConfig Config, BuiltSources Sources);
