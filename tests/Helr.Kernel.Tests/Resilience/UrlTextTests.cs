using Helr.Kernel.Resilience;
using Xunit;
using Helr.Kernel.Text;

namespace Helr.Kernel.Tests.Resilience;

public sealed class UrlTextTests
{
    [Theory]
    [InlineData("https://api.example.com/api/v1/logs?after=abc&token=s3cr3t", "https://api.example.com/api/v1/logs?…")]
    [InlineData("http://user:s3cr3t@127.0.0.1:8080/logs", "http://…@127.0.0.1:8080/logs")]
    [InlineData("https://only-user@api.example.com/", "https://…@api.example.com/")]
    [InlineData("http://[::1]:9000/a%20b?x", "http://[::1]:9000/a%20b?…")]
    [InlineData("https://api.example.com:443/logs", "https://api.example.com/logs")]
    public void Credentials_and_queries_never_show(string url, string shown)
    {
        Assert.Equal(shown, UrlText.Redact(new Uri(url)));
    }
}
