using Helr.PluginSdk.Auth;

namespace Helr.Kernel.Config;

/// <summary><c>global.api.auth</c>: where the bearer token is read from (<c>token_file</c> wins over <c>token_env</c>).</summary>
internal sealed record ApiAuthConfig(SecretSource Token);
