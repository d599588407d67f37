using Helr.PluginSdk.Auth.OAuth2;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Auth.Google;

/// <summary>Reads <c>auth: {type: google_service_account}</c> and checks the key now, so <c>helr validate</c> reports a bad one.</summary>
internal static class GoogleServiceAccountReader
{
    public static GoogleServiceAccountAuthenticator? Read(ConfigNode auth, IHelrEnvironment environment)
    {
        var credentials = SecretSource.Read(auth, "credentials", environment);
        // Its own check below says what an empty subject does.
        var subject = SecretSource.Read(auth, "subject", environment, required: false, allowEmpty: true);
        if (subject is not null && subject.Problem() is null && EmptySubject(subject) is { } empty)
            auth.Fail(subject.FilePath is null ? "subject_env" : "subject_file", empty);
        var scopes = auth.StringList("scopes", required: true);
        if (scopes is { Count: 0 }) auth.Fail("scopes", "needs at least one scope");
        if (credentials is not null && credentials.Problem() is null)
        {
            var text = credentials.Resolve().Reveal();
            var key = ServiceAccountKey.Parse(text, out var problem);
            var at = credentials.FilePath is null ? "credentials_env" : "credentials_file";
            if (key is null) auth.Fail(at, credentials.FilePath is null && LooksLikePath(text) ? PathInVariable : $"the credentials {problem}");
            else
            {
                using var signer = SigningKey.FromPem(key.PrivateKey.Reveal(), out var keyProblem);
                if (signer is null) auth.Fail(at, $"the credentials' private_key {keyProblem}");
                else if (signer.Algorithm != "RS256") auth.Fail(at, "the credentials' private_key must be an RSA key (Google signs service account assertions with RS256)");
                // The assertion is as good as the key for an hour, and the token comes back the same way.
                if (key.TokenUri.Scheme == Uri.UriSchemeHttp && !key.TokenUri.IsLoopback)
                    auth.Errors.Warn(auth.ChildPath(at), $"the credentials' token_uri {TokenEndpoint.Describe(key.TokenUri)} is plain http to another machine:"
                        + " the signed assertion and the access token would cross the network unencrypted; use https");
            }
        }
        if (credentials is null || scopes is null || scopes.Count == 0 || auth.Errors.HasErrors) return null;
        return new GoogleServiceAccountAuthenticator(credentials, subject, scopes);
    }

    private const string PathInVariable = "the credentials are not JSON but look like a file path: credentials_env names a variable holding "
        + "the key JSON itself; for a key file (as GOOGLE_APPLICATION_CREDENTIALS holds), set credentials_file to its path";

    // GOOGLE_APPLICATION_CREDENTIALS, the variable Google's own libraries read, holds a key file's path: named
    // in credentials_env, "not valid JSON" hid that the variable is right but the key is the wrong one.
    private static bool LooksLikePath(string value)
    {
        var text = value.Trim();
        return text.Length > 0 && text.IndexOfAny(['{', '\n', '\r']) < 0 && (text[0] is '/' or '~' or '.'
            || text.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || (text.Length > 2 && text[1] == ':' && text[2] is '\\' or '/'));
    }

    /// <summary>
    /// Why a configured subject cannot be used, when it resolves to nothing: signed without <c>sub</c>, the
    /// service account would call as itself, and the API would refuse it (HTTP 403) for a cause that
    /// names neither key. Null when it holds a value.
    /// </summary>
    private static string? EmptySubject(SecretSource subject) => subject.Resolve().Reveal().Trim().Length > 0 ? null : EmptySubjectError(subject);

    internal static string EmptySubjectError(SecretSource subject) =>
        (subject.FilePath is null ? $"environment variable {subject.EnvName}" : $"secret file \"{subject.FilePath}\"") + " is empty: it names the admin to impersonate "
        + "(domain-wide delegation); leave subject_env and subject_file out to call as the service account itself";
}
