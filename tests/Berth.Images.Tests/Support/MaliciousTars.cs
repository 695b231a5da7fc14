using System.Formats.Tar;
using System.Text;

namespace Berth.Images.Tests.Support;

/// <summary>
/// The breakout corpus: tars that try to write outside the directory they are unpacked into. Each case is
/// written to Corpus/&lt;name&gt;.tar (set BERTH_REGEN_CORPUS=1 and run the tests to refresh them); the tests
/// apply every file in that folder, so a case added as a file from elsewhere (a fuzzer, a bug report) runs too.
/// The directory beside the root is called "outside" and holds "victim"; /tmp/berth-pwned must never appear.
/// </summary>
public static class MaliciousTars
{
    public static IEnumerable<(string Name, byte[] Tar)> All()
    {
        yield return ("dotdot-relative", new TarBuilder().File("../outside/pwned", "x").File("../../../../../../../../tmp/berth-pwned", "x").Build());
        yield return ("dotdot-inside-path", new TarBuilder().Dir("a/").File("a/../../outside/pwned", "x").Build());
        yield return ("absolute-names", new TarBuilder().File("/tmp/berth-pwned", "x").File("/../outside/pwned", "x").Build());
        yield return ("symlink-relative-then-write", new TarBuilder().Symlink("evil", "../outside").File("evil/pwned", "x").Build());
        yield return ("symlink-absolute-then-write", new TarBuilder().Symlink("evil", "/tmp").File("evil/berth-pwned", "x").Build());
        yield return ("symlink-deep-dotdot-then-write", new TarBuilder().Symlink("evil", "../../../../../../../../tmp").File("evil/berth-pwned", "x").Build());
        yield return ("symlink-chain-then-write", new TarBuilder().Symlink("a", "b").Symlink("b", "../outside").File("a/pwned", "x").Build());
        yield return ("symlink-replaces-file-then-write", new TarBuilder().File("f", "inside").Symlink("f", "/tmp/berth-pwned").File("f", "x").Build());
        yield return ("symlink-to-victim-then-overwrite", new TarBuilder().Symlink("v", "../outside/victim").File("v", "pwned").Build());
        yield return ("symlink-dir-then-dir-entry", new TarBuilder().Symlink("d", "../outside").Dir("d/").File("d/pwned", "x").Build());
        yield return ("symlink-in-middle-of-path", new TarBuilder().Dir("a/").Symlink("a/b", "../../outside").File("a/b/pwned", "x").Build());
        yield return ("hardlink-to-outside", new TarBuilder().HardLink("link", "../outside/victim").Build());
        yield return ("hardlink-absolute", new TarBuilder().HardLink("link", "/tmp/berth-victim-hardlink").Build());
        yield return ("hardlink-through-symlink", new TarBuilder().Symlink("s", "../outside").HardLink("h", "s/victim").Build());
        yield return ("hardlink-to-symlink-then-write", new TarBuilder().Symlink("s", "../outside/victim").HardLink("h", "s").File("h", "pwned").Build());
        yield return ("whiteout-dotdot", new TarBuilder().File(".wh..", "").Build());
        yield return ("whiteout-parent-dir", new TarBuilder().Dir("a/").File("a/.wh..", "").Build());
        yield return ("whiteout-outside-path", new TarBuilder().File("../.wh.outside", "").File("../outside/.wh.victim", "").Build());
        yield return ("whiteout-through-symlink", new TarBuilder().Symlink("evil", "../outside").File("evil/.wh.victim", "").Build());
        yield return ("opaque-through-symlink", new TarBuilder().Symlink("evil", "../outside").File("evil/.wh..wh..opq", "").Build());
        yield return ("device-nodes", new TarBuilder().Device("dev/mem", TarEntryType.CharacterDevice, 1, 1).Device("dev/sda", TarEntryType.BlockDevice, 8, 0)
            .Device("../outside/mem", TarEntryType.CharacterDevice, 1, 1).Build());
        yield return ("device-through-symlink", new TarBuilder().Symlink("evil", "/tmp").Device("evil/berth-pwned", TarEntryType.CharacterDevice, 1, 3).Build());
        yield return ("fifo-outside", new TarBuilder().Fifo("../outside/pwned").Build());
        yield return ("long-component", new TarBuilder().File(new string('a', 300), "x").Build());
        yield return ("long-path", new TarBuilder().File(string.Join('/', Enumerable.Repeat(new string('d', 200), 25)) + "/f", "x").Build());
        yield return ("absurd-size-truncated", AbsurdSize(pax: true));
        yield return ("absurd-size-ustar", AbsurdSize(pax: false));
        yield return ("truncated-header", new TarBuilder().File("a", "hello").Build()[..700]);
        yield return ("garbage", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("this is not a tar archive at all ", 40))));
        yield return ("empty-and-dot-names", new TarBuilder().Dir("./").File("./", "x").File("..", "x").File("./../.", "x").Build());
        yield return ("xattr-on-outside-via-symlink", new TarBuilder().Symlink("evil", "../outside")
            .File("evil/victim", "pwned", pax: new Dictionary<string, string> { ["SCHILY.xattr.user.pwned"] = "1" }).Build());
    }

    /// <summary>A file whose header claims 8 GiB, followed by a few bytes.</summary>
    private static byte[] AbsurdSize(bool pax)
    {
        byte[] tar;
        if (pax)
        {
            tar = new TarBuilder(TarEntryFormat.Ustar).File("big", "small").Build();
        }
        else
        {
            var ms = new MemoryStream();
            using (var w = new TarWriter(ms, TarEntryFormat.Ustar, leaveOpen: true))
                w.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "big") { DataStream = new MemoryStream(Encoding.ASCII.GetBytes("small")) });
            tar = ms.ToArray();
        }
        // size field: offset 124, 12 bytes octal; 77777777777 = 8 GiB - 1.
        Encoding.ASCII.GetBytes("77777777777\0").CopyTo(tar, 124);
        Encoding.ASCII.GetBytes("        ").CopyTo(tar, 148);
        int sum = 0;
        for (int i = 0; i < 512; i++) sum += tar[i];
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(tar, 148);
        return tar[..1024];
    }
}
