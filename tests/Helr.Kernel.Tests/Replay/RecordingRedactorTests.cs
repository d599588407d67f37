using System.Text;
using Helr.Kernel.Replay;
using Xunit;

namespace Helr.Kernel.Tests.Replay;

public sealed class RecordingRedactorTests
{
    [Fact]
    public void A_known_secret_is_cut_as_is_json_escaped_url_encoded_and_base64()
    {
        var redactor = new RecordingRedactor();
        redactor.AddSecret("Bearer ab/cd+ef\"gh");
        var text = "raw ab/cd+ef\"gh json ab\\/cd+ef\\\"gh url ab%2Fcd%2Bef%22gh b64 " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ab/cd+ef\"gh"));
        Assert.Equal("raw [REDACTED] json [REDACTED] url [REDACTED] b64 [REDACTED]", redactor.Scrub(text));
    }

    [Fact]
    public void Basic_credentials_are_cut_encoded_decoded_and_as_the_bare_password()
    {
        var redactor = new RecordingRedactor();
        redactor.AddSecret("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pa55word")));
        Assert.Equal("echo [REDACTED] and [REDACTED]", redactor.Scrub("echo user:pa55word and pa55word"));
    }

    [Fact]
    public void Credential_named_query_values_and_user_info_go_but_pagination_tokens_stay()
    {
        var url = new RecordingRedactor().RedactUrl(new Uri("https://u:p@api.example.com/logs?api_key=k1234567&pageToken=pt&cursor=c1&sig=s1&limit=5"));
        Assert.Equal("https://api.example.com/logs?api_key=%5BREDACTED%5D&pageToken=pt&cursor=c1&sig=%5BREDACTED%5D&limit=5", url);
    }

    [Fact]
    public void Token_response_fields_are_replaced_and_become_secrets_for_later_pages()
    {
        var redactor = new RecordingRedactor();
        var body = redactor.RedactTokenResponse("""{"access_token":"at-123456","token_type":"DPoP","expires_in":60,"refresh_token":"rt-123456"}"""u8.ToArray());
        Assert.Equal("""{"access_token":"[REDACTED]","token_type":"DPoP","expires_in":60,"refresh_token":"[REDACTED]"}""", Encoding.UTF8.GetString(body));
        Assert.Equal("""{"echo":"[REDACTED]"}""", redactor.Scrub("""{"echo":"at-123456"}"""));
    }

    [Fact]
    public void Token_request_forms_lose_their_credentials_and_keep_the_rest()
    {
        var redactor = new RecordingRedactor();
        var form = redactor.RedactRequestBody("grant_type=refresh_token&client_id=app&client_secret=s%2Bcr3t!&refresh_token=rt-9999", form: true);
        Assert.Equal("grant_type=refresh_token&client_id=app&client_secret=%5BREDACTED%5D&refresh_token=%5BREDACTED%5D", form);
        Assert.Equal("value [REDACTED]", redactor.Scrub("value s+cr3t!"));
    }
}
