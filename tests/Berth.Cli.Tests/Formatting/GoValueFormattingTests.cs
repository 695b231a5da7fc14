using Berth.Cli.Formatting;
using Berth.Cli.Options;
using Berth.Cli.Values;

namespace Berth.Cli.Tests.Formatting;

/// <summary>Go's formatting of strings, floats, durations, times and JSON.</summary>
public class GoValueFormattingTests
{
    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("tab\there", "\"tab\\there\"")]
    [InlineData("q\"b\\", "\"q\\\"b\\\\\"")]
    [InlineData("\u0001", "\"\\x01\"")]
    [InlineData("é", "\"é\"")]
    public void Quote(string input, string expected) => Assert.Equal(expected, GoStrings.Quote(input));

    [Theory]
    [InlineData(1.5, -1, "1.5")]
    [InlineData(1e6, -1, "1e+06")]
    [InlineData(123456.0, -1, "123456")]
    [InlineData(1234567.0, -1, "1.234567e+06")]
    [InlineData(0.0001, -1, "0.0001")]
    [InlineData(0.00001, -1, "1e-05")]
    [InlineData(1.984, 4, "1.984")]
    [InlineData(2.0, 4, "2")]
    [InlineData(999.999, 3, "1e+03")]
    [InlineData(999.999, 4, "1000")]
    [InlineData(0, -1, "0")]
    public void FormatG(double v, int prec, string expected) => Assert.Equal(expected, GoFloat.FormatG(v, prec));

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1_500_000_000L, "1.5s")]
    [InlineData(90_000_000_000L, "1m30s")]
    [InlineData(3_600_000_000_000L, "1h0m0s")]
    [InlineData(1_500_000L, "1.5ms")]
    [InlineData(500L, "500ns")]
    [InlineData(2_000L, "2µs")]
    public void DurationString(long ns, string expected) => Assert.Equal(expected, GoDuration.Format(ns));

    [Theory]
    [InlineData("5s", 5_000_000_000L)]
    [InlineData("1m30s", 90_000_000_000L)]
    [InlineData("1.5h", 5_400_000_000_000L)]
    [InlineData("250ms", 250_000_000L)]
    [InlineData("0", 0L)]
    public void ParseDuration(string text, long ns)
    {
        Assert.True(GoDuration.TryParse(text, out long v));
        Assert.Equal(ns, v);
    }

    [Theory]
    [InlineData("5", "time: missing unit in duration \"5\"")]
    [InlineData("5d", "time: unknown unit \"d\" in duration \"5d\"")]
    [InlineData("x", "time: invalid duration \"x\"")]
    public void ParseDurationErrors(string text, string message)
    {
        Assert.False(GoDuration.TryParse(text, out _, out string error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void TimeStringIsGoStyle() =>
        Assert.Equal("2026-11-29 17:22:16.902882509 +0000 UTC", GoTime.Parse("2026-11-29T17:22:16.902882509Z").ToString());

    [Fact]
    public void JsonEncodingKeepsGoFieldOrderAndOmitempty()
    {
        var s = GoSchema.New("container.State");
        s["Status"] = "exited";
        s["ExitCode"] = 3L;
        Assert.Equal("{\"Status\":\"exited\",\"Running\":false,\"Paused\":false,\"Restarting\":false,\"OOMKilled\":false,\"Dead\":false,\"Pid\":0,\"ExitCode\":3,\"Error\":\"\",\"StartedAt\":\"\",\"FinishedAt\":\"\"}",
            GoJson.Encode(s));
    }

    [Fact]
    public void JsonEncodingEscapesHtmlUnlessTold()
    {
        Assert.Equal("\"\\u003cb\\u003e\\u0026\"", GoJson.Encode("<b>&"));
        Assert.Equal("\"<b>&\"", GoJson.Encode("<b>&", escapeHtml: false));
    }

    [Fact]
    public void IndentMatchesGoJsonIndent() =>
        Assert.Equal("[\n    {\n        \"a\": [],\n        \"b\": {},\n        \"c\": [\n            1,\n            2\n        ]\n    }\n]",
            GoJson.Indent("[{\"a\":[],\"b\":{},\"c\":[1, 2]}\n]"));

    [Theory]
    [InlineData("4a347e5684d0fa4b8d6bc9203de0e3ee8ef43b0043b549ac52261c301e0cd6e2", "4a347e5684d0")]
    [InlineData("sha256:89103c9051fce613896ff74b1156ed5f755100b11ada36bb64f6d09668d3caf3", "89103c9051fc")]
    public void TruncateId(string id, string expected) => Assert.Equal(expected, Display.TruncateId(id));

    [Theory]
    [InlineData("sh -c 'echo a; echo b >&2'", 20, "sh -c 'echo a; echo…")]
    [InlineData("short", 20, "short")]
    public void Ellipsis(string s, int width, string expected) => Assert.Equal(expected, Display.Ellipsis(s, width));
}
