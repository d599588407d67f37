namespace Helr.PluginSdk.Auth.OAuth2;

/// <summary>How an OAuth2 client with a secret authenticates at the token endpoint (<c>client_auth</c>).</summary>
internal enum ClientAuthentication
{
    /// <summary>In the form; switches to HTTP Basic when the server answers 401 with a Basic challenge.</summary>
    Auto,
    /// <summary><c>client_secret_post</c>: <c>client_id</c> and <c>client_secret</c> in the form.</summary>
    Form,
    /// <summary><c>client_secret_basic</c>: <c>Authorization: Basic</c> (RFC 6749 §2.3.1).</summary>
    Basic,
}
