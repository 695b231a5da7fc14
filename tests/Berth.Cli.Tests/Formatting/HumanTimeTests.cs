using Berth.Cli.Formatting;

namespace Berth.Cli.Tests.Formatting;

/// <summary>go-units HumanDuration, behind "3 minutes ago" and "Up 2 hours".</summary>
public class HumanTimeTests
{
    [Theory]
    [InlineData(0.5, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(45, "45 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(119, "About a minute")]
    [InlineData(180, "3 minutes")]
    [InlineData(3599, "59 minutes")]
    [InlineData(3600, "About an hour")]
    [InlineData(5400, "2 hours")]
    [InlineData(47 * 3600, "47 hours")]
    [InlineData(3 * 86400, "3 days")]
    [InlineData(15 * 86400, "2 weeks")]
    [InlineData(90 * 86400, "3 months")]
    [InlineData(800 * 86400, "2 years")]
    public void Duration(double seconds, string expected) =>
        Assert.Equal(expected, HumanTime.Duration(TimeSpan.FromSeconds(seconds)));
}
