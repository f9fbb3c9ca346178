using CrossGuard.Core.Rids;
using Xunit;

namespace CrossGuard.Core.Tests.Rids;

public sealed class GlibcFloorsTests
{
    [Theory]
    // dotnet/core release-notes/{8.0,9.0,10.0}/supported-os.md, "Libc": x64/arm64 2.23 (8, 9) and 2.27 (10); arm32 2.35.
    [InlineData(8, "linux-x64", "2.23")]
    [InlineData(9, "linux-arm64", "2.23")]
    [InlineData(10, "linux-x64", "2.27")]
    [InlineData(10, "linux-arm64", "2.27")]
    [InlineData(10, "linux-arm", "2.35")]
    [InlineData(8, "linux-arm", "2.35")]
    [InlineData(10, "linux-riscv64", "2.27")]
    public void Without_a_setting_each_rid_gets_the_dotnet_runtime_floor_of_its_architecture(int major, string rid, string expected)
    {
        Assert.True(GlibcFloors.TryParse("", major, out GlibcFloors floors, out string? error), error);
        Assert.Equal(Version.Parse(expected), floors.For(rid));
        Assert.Contains($"the .NET {major} runtime's own floor", floors.Describe(rid), StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_version_applies_to_every_rid_and_rid_entries_override_it()
    {
        Assert.True(GlibcFloors.TryParse(" 2.28 ; linux-arm64:2.35 ", 10, out GlibcFloors floors, out string? error), error);
        Assert.Equal(new Version(2, 28), floors.For("linux-x64"));
        Assert.Equal(new Version(2, 28), floors.For("linux-arm"));
        Assert.Equal(new Version(2, 35), floors.For("linux-arm64"));
        Assert.Equal(new Version(2, 35), floors.For("LINUX-ARM64"));
        Assert.Equal("CrossGuardMinGlibc is 2.35 for linux-arm64", floors.Describe("linux-arm64"));
        Assert.Equal("CrossGuardMinGlibc is 2.28", floors.Describe("linux-x64"));
        Assert.Equal("2.28;linux-arm64:2.35", floors.ToString());
    }

    [Fact]
    public void Rid_entries_alone_keep_the_dotnet_defaults_for_the_other_rids()
    {
        Assert.True(GlibcFloors.TryParse("linux-x64:2.31,linux-arm:2.36", 10, out GlibcFloors floors, out string? error), error);
        Assert.Equal(new Version(2, 31), floors.For("linux-x64"));
        Assert.Equal(new Version(2, 36), floors.For("linux-arm"));
        Assert.Equal(new Version(2, 27), floors.For("linux-arm64"));
        Assert.Equal(new Version(2, 34), GlibcFloors.TryParse("2.34", 10, out GlibcFloors single, out _) ? single.For("linux-x64") : null);
        Assert.True(GlibcFloors.TryParse("2", 10, out GlibcFloors two, out _));
        Assert.Equal(new Version(2, 0), two.For("linux-x64"));
    }

    [Theory]
    [InlineData("latest", "'latest' is not a glibc version")]
    [InlineData("2.28;2.31", "two versions for every RID")]
    [InlineData("linux-arm64", "'linux-arm64' is not a glibc version")]
    [InlineData("linux-arm64:", "is not a glibc version")]
    [InlineData(":2.35", "'' in ':2.35' is not a RuntimeIdentifier")]
    [InlineData("linux arm64:2.35", "is not a RuntimeIdentifier")]
    [InlineData("linux-x64:2.31;linux-x64:2.35", "gives linux-x64 two versions")]
    [InlineData("3.1", "'3.1' is not a glibc version")]
    [InlineData("2.28.1.5.6.7.8.9.10.11", "is not a glibc version")]
    [InlineData("2.-1", "is not a glibc version")]
    public void Malformed_entries_are_rejected_with_the_reason(string value, string reason)
    {
        Assert.False(GlibcFloors.TryParse(value, 10, out _, out string? error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
