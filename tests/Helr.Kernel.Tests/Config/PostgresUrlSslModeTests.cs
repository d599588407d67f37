using Helr.Kernel.Config;
using Npgsql;
using Xunit;

namespace Helr.Kernel.Tests.Config;

/// <summary>
/// <c>?sslmode=verify-full</c> and <c>verify-ca</c>, as libpq and every PostgreSQL guide spell them, were
/// refused ("not a valid connection string: Couldn't set SSL Mode"): only Npgsql's own spellings
/// (<c>VerifyFull</c>) were accepted, so the two modes that check the server's certificate could not be
/// asked for in a URL as documented.
/// </summary>
public sealed class PostgresUrlSslModeTests
{
    [Theory]
    [InlineData("verify-full", SslMode.VerifyFull)]
    [InlineData("verify-ca", SslMode.VerifyCA)]
    [InlineData("require", SslMode.Require)]
    [InlineData("disable", SslMode.Disable)]
    [InlineData("VerifyFull", SslMode.VerifyFull)]
    public void Libpq_sslmode_values_are_accepted(string value, SslMode expected)
    {
        var settings = PostgresUrl.Parse($"postgres://helr:pw@db:5432/helr?sslmode={value}", out var error);

        Assert.Null(error);
        Assert.Equal(expected, settings.SslMode);
    }
}
