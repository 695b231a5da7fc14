using Berth.Build.Formatting;

namespace Berth.Build.Tests.Formatting;

public sealed class GoFormatTests
{
    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1_500_000_000L, "1.5s")]
    [InlineData(30_000_000_000L, "30s")]
    [InlineData(300_000_000_000L, "5m0s")]
    [InlineData(3_600_000_000_000L, "1h0m0s")]
    [InlineData(500_000_000L, "500ms")]
    [InlineData(1_500_000L, "1.5ms")]
    [InlineData(2_000L, "2µs")]
    [InlineData(7L, "7ns")]
    [InlineData(5_430_000_000_000L, "1h30m30s")]
    public void Duration_strings(long nanos, string text) => Assert.Equal(text, GoDuration.Format(nanos));

    [Theory]
    [InlineData("30s", 30_000_000_000L)]
    [InlineData("1m30s", 90_000_000_000L)]
    [InlineData("1.5h", 5_400_000_000_000L)]
    [InlineData("300ms", 300_000_000L)]
    [InlineData("0", 0L)]
    public void Duration_parse(string text, long nanos)
    {
        Assert.True(GoDuration.TryParse(text, out long d));
        Assert.Equal(nanos, d);
    }

    [Fact]
    public void Quote_like_strconv()
    {
        Assert.Equal("\"a\\\"b\\\\c\\n\\t\"", GoQuote.Quote("a\"b\\c\n\t"));
        Assert.Equal("'\\x03'", GoQuote.QuoteRune(3));
        Assert.Equal("'\\x00'", GoQuote.QuoteRune(0));
        Assert.Equal("'A'", GoQuote.QuoteRune(65));
        Assert.Equal("[\"/bin/sh\" \"-c\" \"echo hi\"]", GoQuote.QuoteList(["/bin/sh", "-c", "echo hi"]));
        Assert.Equal("[/bin/sh -c]", GoQuote.PlainList(["/bin/sh", "-c"]));
    }
}
