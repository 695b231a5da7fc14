using System.Text;
using Berth.Cli.Formatting;

namespace Berth.Cli.Tests.Formatting;

/// <summary>Elastic tabstops as the docker CLI's tabwriter lays out tables.</summary>
public class TabWriterTests
{
    private static string Render(string input, int minWidth = 10, int padding = 3)
    {
        var sb = new StringBuilder();
        var tw = new TabWriter(sb, minWidth, padding);
        tw.Write(input);
        tw.Flush();
        return sb.ToString();
    }

    [Fact]
    public void AlignsColumnsWithMinimumWidthAndPadding() =>
        Assert.Equal(
            "CONTAINER ID   IMAGE     NAMES\n04913694913c   busybox   t2\n",
            Render("CONTAINER ID\tIMAGE\tNAMES\n04913694913c\tbusybox\tt2\n"));

    [Fact]
    public void EmptyCellsArePadded() =>
        Assert.Equal("A         B\n          x\n", Render("A\tB\n\tx\n"));

    [Fact]
    public void LastCellIsNotPadded() =>
        Assert.Equal("NAME        STATE\nlong-name   running\n", Render("NAME\tSTATE\nlong-name\trunning\n"));

    [Fact]
    public void LineWithoutTabsEndsTheBlock() =>
        Assert.Equal("a         b\nplain\nccccccccccccc   d\n", Render("a\tb\nplain\nccccccccccccc\td\n"));

    [Fact]
    public void WideRunesCountTwoColumns() =>
        Assert.Equal("名前      X\nab        Y\n", Render("名前\tX\nab\tY\n"));

    [Fact]
    public void VersionLayoutUsesItsOwnWidths() =>
        Assert.Equal(" Version:           28\n API version:       1.50\n", Render(" Version:\t28\n API version:\t1.50\n", minWidth: 20, padding: 1));
}
