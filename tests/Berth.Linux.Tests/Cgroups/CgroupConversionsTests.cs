using Berth.Linux.Cgroups;

namespace Berth.Linux.Tests.Cgroups;

public class CgroupConversionsTests
{
    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(2UL, 1UL)]
    [InlineData(1024UL, 39UL)]   // Docker's default shares: runc and crun write 39 too
    [InlineData(512UL, 20UL)]
    [InlineData(262144UL, 10000UL)]
    [InlineData(1UL, 1UL)]
    [InlineData(1000000UL, 10000UL)]
    public void SharesBecomeWeights(ulong shares, ulong weight) => Assert.Equal(weight, CgroupConversions.SharesToWeight(shares));

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(10UL, 1UL)]
    [InlineData(500UL, 4950UL)]
    [InlineData(1000UL, 10000UL)]
    public void BlkioWeightsBecomeIoWeights(ulong blkio, ulong io) => Assert.Equal(io, CgroupConversions.BlkioWeightToIoWeight(blkio));

    [Theory]
    [InlineData(100L, 300L, 200L)]     // v1's swap is memory+swap
    [InlineData(100L, 100L, 0L)]
    [InlineData(100L, -1L, -1L)]
    [InlineData(-1L, null, -1L)]       // unlimited memory, swap unset: unlimited swap
    [InlineData(100L, null, null)]
    [InlineData(null, null, null)]
    [InlineData(100L, 0L, null)]
    public void SwapBecomesSwapMax(long? limit, long? swap, long? expected) => Assert.Equal(expected, CgroupConversions.SwapToV2(limit, swap));

    [Theory]
    [InlineData(null, 200L)]
    [InlineData(-1L, 200L)]
    [InlineData(300L, 200L)]
    public void ImpossibleSwapIsRefused(long? limit, long swap) => Assert.Throws<ArgumentException>(() => CgroupConversions.SwapToV2(limit, swap));

    [Theory]
    [InlineData(50000L, 100000UL, "50000 100000")]
    [InlineData(50000L, null, "50000 100000")]
    [InlineData(-1L, 250000UL, "max 250000")]
    [InlineData(null, 20000UL, "max 20000")]
    public void QuotaAndPeriodBecomeCpuMax(long? quota, ulong? period, string expected) => Assert.Equal(expected, CgroupConversions.CpuMax(quota, period));
}
