using System.Security.Cryptography;
using System.Text.Json;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Auth;

public class GoogleServiceAccountReaderTests
{
    private static readonly string PrivateKey = RSA.Create(2048).ExportPkcs8PrivateKeyPem();

    [Theory]
    [InlineData("http://oauth2.example.com/token", true)]
    [InlineData("http://10.0.0.5:8080/token", true)]
    [InlineData("http://127.0.0.1:8080/token", false)]
    [InlineData("https://oauth2.googleapis.com/token", false)]
    public void A_key_whose_token_uri_is_plain_http_to_another_machine_is_warned_about(string tokenUri, bool warned)
    {
        // The key's JWT assertion gets a token for an hour to whoever reads it on the way; the token follows.
        var json = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account", ["client_email"] = "reader@p.iam.gserviceaccount.com", ["private_key"] = PrivateKey, ["token_uri"] = tokenUri,
        });
        var env = new FakeEnvironment().WithVariable("SA", json);
        var auth = ConfigTree.FromJson("""{"type": "google_service_account", "credentials_env": "SA", "scopes": ["s"]}""", "sources.s.auth");

        Assert.NotNull(AuthReader.Read(auth, env)); // a warning: the source is still built

        var warnings = auth.Errors.Warnings.Select(w => w.ToString()).ToList();
        if (warned)
            Assert.Equal($"sources.s.auth.credentials_env: the credentials' token_uri {tokenUri} is plain http to another machine: "
                + "the signed assertion and the access token would cross the network unencrypted; use https", Assert.Single(warnings));
        else Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("[1]", "the credentials are not a JSON object (expected a service account key file)")]
    [InlineData("""{"type":"authorized_user"}""", "the credentials are 'authorized_user' credentials, not a service account key (\"type\": \"service_account\")")]
    [InlineData("""{"type":"service_account","private_key":"k"}""", "the credentials lack \"client_email\" (expected a service account key file)")]
    [InlineData("""{"type":"service_account","client_email":"a@b.c"}""", "the credentials lack \"private_key\" (expected a service account key file)")]
    [InlineData("not json", "the credentials are not valid JSON (expected a service account key file)")]
    public void A_bad_key_is_an_error_whose_verb_agrees_with_the_credentials(string json, string expected)
    {
        var env = new FakeEnvironment().WithVariable("SA", json);
        var auth = ConfigTree.FromJson("""{"type": "google_service_account", "credentials_env": "SA", "scopes": ["s"]}""", "sources.s.auth");

        Assert.Null(AuthReader.Read(auth, env));

        Assert.Equal($"sources.s.auth.credentials_env: {expected}", Assert.Single(auth.Errors.All).ToString());
    }

    // GOOGLE_APPLICATION_CREDENTIALS, which Google's libraries read, holds the key file's path, not the key.
    [Theory]
    [InlineData("/var/run/secrets/gws/key.json")]
    [InlineData("C:\\keys\\reader.json")]
    [InlineData("reader-key.json\n")]
    public void A_variable_holding_a_key_files_path_is_an_error_pointing_to_credentials_file(string path)
    {
        var env = new FakeEnvironment().WithVariable("GOOGLE_APPLICATION_CREDENTIALS", path);
        var auth = ConfigTree.FromJson("""{"type": "google_service_account", "credentials_env": "GOOGLE_APPLICATION_CREDENTIALS", "scopes": ["s"]}""", "sources.s.auth");

        Assert.Null(AuthReader.Read(auth, env));

        var error = Assert.Single(auth.Errors.All).ToString();
        Assert.Equal("sources.s.auth.credentials_env: the credentials are not JSON but look like a file path: credentials_env names a variable holding "
            + "the key JSON itself; for a key file (as GOOGLE_APPLICATION_CREDENTIALS holds), set credentials_file to its path", error);
        Assert.DoesNotContain(path.Trim(), error);
    }

    [Fact]
    public void A_token_uri_that_is_no_url_is_an_error_whose_verb_agrees_with_the_credentials()
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account", ["client_email"] = "reader@p.iam.gserviceaccount.com", ["private_key"] = PrivateKey, ["token_uri"] = "token",
        });
        var env = new FakeEnvironment().WithVariable("SA", json);
        var auth = ConfigTree.FromJson("""{"type": "google_service_account", "credentials_env": "SA", "scopes": ["s"]}""", "sources.s.auth");

        Assert.Null(AuthReader.Read(auth, env));

        Assert.Equal("sources.s.auth.credentials_env: the credentials have a \"token_uri\" that is not an absolute http(s) URL", Assert.Single(auth.Errors.All).ToString());
    }

    // A subject_env whose variable is set but empty (a deployment template that left it blank) used to
    // pass helr validate and sign the assertion without sub: the service account then called as itself,
    // and the Reports API answered every cycle with 403 "Not Authorized", a cause pointing elsewhere.
    [Theory]
    [InlineData("subject_env", "environment variable SUB is empty")]
    [InlineData("subject_file", "secret file \"/run/sub\" is empty")]
    public void A_subject_that_is_set_but_empty_is_an_error_naming_the_key(string key, string what)
    {
        var keyJson = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account", ["client_email"] = "reader@p.iam.gserviceaccount.com", ["private_key"] = PrivateKey,
        });
        var env = new FakeEnvironment().WithVariable("SA", keyJson).WithVariable("SUB", " ").WithFile("/run/sub", "\n");
        var value = key == "subject_env" ? "SUB" : "/run/sub";
        var auth = ConfigTree.FromJson($$"""{"type": "google_service_account", "credentials_env": "SA", "{{key}}": "{{value}}", "scopes": ["s"]}""", "sources.s.auth");

        Assert.Null(AuthReader.Read(auth, env));

        Assert.Equal($"sources.s.auth.{key}: {what}: it names the admin to impersonate (domain-wide delegation); "
            + "leave subject_env and subject_file out to call as the service account itself", Assert.Single(auth.Errors.All).ToString());
    }
}
