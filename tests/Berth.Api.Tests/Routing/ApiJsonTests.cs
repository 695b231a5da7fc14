using System.Text;
using System.Text.Json;
using Berth.Api.Routing;
using Berth.Engine;
using Berth.Engine.Model;

namespace Berth.Api.Tests.Routing;

public sealed class ApiJsonTests
{
    [Fact]
    public void TextIsWrittenAsGoWritesIt()
    {
        var bytes = ApiJson.ToUtf8Bytes(new ErrorResponse { Message = "parent subnet doesn't contain \"10.0.0.1\" — é" }, EngineJsonContext.Default.ErrorResponse);
        Assert.Equal("{\"message\":\"parent subnet doesn't contain \\\"10.0.0.1\\\" — é\"}", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void JsonProblemsNameTheFieldAndTheExpectedType()
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("{\"Memory\":\"lots\"}", EngineJsonContext.Default.HostConfig));
        Assert.Equal("invalid JSON at Memory: wrong type, expected an integer", JsonErrors.Describe(e));
    }
}
