using System.Net;
using Berth.Network.Dns;

namespace Berth.Network.Tests;

public class DnsTests
{
    private sealed class FakeCatalog : IDnsCatalog
    {
        public Dictionary<string, IPAddress[]> Names { get; } = new(StringComparer.OrdinalIgnoreCase);
        public Dictionary<IPAddress, string> Reverse { get; } = [];

        public IReadOnlyList<IPAddress>? Lookup(string sandboxId, string name) => Names.TryGetValue(name, out var a) ? a : null;
        public string? ReverseLookup(string sandboxId, IPAddress address) => Reverse.TryGetValue(address, out var n) ? n : null;
        public IReadOnlyList<IPEndPoint> Upstreams(string sandboxId) => [];
    }

    private static byte[] Query(string name, ushort type, ushort id = 0x1234)
    {
        var m = new DnsMessage { Id = id, RecursionDesired = true };
        m.Questions.Add(new DnsQuestion(name, type));
        return m.Encode();
    }

    [Fact]
    public void EncodesAQueryByteForByte()
    {
        byte[] expected =
        [
            0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            3, (byte)'w', (byte)'e', (byte)'b', 4, (byte)'t', (byte)'e', (byte)'s', (byte)'t', 0,
            0x00, 0x01, 0x00, 0x01,
        ];
        Assert.Equal(expected, Query("web.test", DnsType.A));
    }

    [Fact]
    public void RoundTripsWithCompression()
    {
        var m = new DnsMessage { Id = 7, IsResponse = true, RecursionAvailable = true, Authoritative = true };
        m.Questions.Add(new DnsQuestion("db.example", DnsType.A));
        m.Answers.Add(DnsRecord.Address("db.example", IPAddress.Parse("10.1.2.3"), 600));
        m.Answers.Add(DnsRecord.Address("db.example", IPAddress.Parse("fd00::5"), 60));
        m.Additionals.Add(DnsRecord.Pointer("x.db.example", "db.example", 5));
        byte[] bytes = m.Encode();
        // The answer names are pointers to offset 12 (the question's name).
        Assert.Equal(0xc0, bytes[12 + 12 + 4]);
        var back = DnsMessage.Parse(bytes);
        Assert.True(back.IsResponse && back.RecursionAvailable && back.Authoritative);
        Assert.Equal("db.example", back.Questions[0].Name);
        Assert.Equal(["10.1.2.3", "fd00::5"], back.Answers.Select(a => a.IPAddress!.ToString()));
        Assert.Equal(600u, back.Answers[0].Ttl);
        Assert.Equal("db.example", back.Additionals[0].Target);
        Assert.Equal("x.db.example", back.Additionals[0].Name);
    }

    [Fact]
    public void RefusesPointerLoopsAndTruncation()
    {
        byte[] loop = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1];
        Assert.False(DnsMessage.TryParse(loop, out _));
        byte[] good = Query("a.b", DnsType.A);
        Assert.False(DnsMessage.TryParse(good.AsSpan(0, good.Length - 3), out _));
    }

    [Fact]
    public void TruncatesUdpAnswersAndSetsTc()
    {
        var m = new DnsMessage { Id = 1, IsResponse = true };
        m.Questions.Add(new DnsQuestion("many", DnsType.A));
        for (int i = 0; i < 100; i++) m.Answers.Add(DnsRecord.Address("many", IPAddress.Parse($"10.0.0.{i}"), 1));
        var back = DnsMessage.Parse(m.Encode(512));
        Assert.True(back.Truncated);
        Assert.True(back.Answers.Count is > 0 and < 100);
    }

    [Fact]
    public void AnswersContainerNames()
    {
        var catalog = new FakeCatalog();
        catalog.Names["web"] = [IPAddress.Parse("10.9.0.2"), IPAddress.Parse("fd00::2")];
        var a = DnsMessage.Parse(DnsResponder.TryAnswer(Query("web.", DnsType.A), catalog, "c", 512)!);
        Assert.Equal(0x1234, a.Id);
        Assert.Equal(DnsRcode.NoError, a.Rcode);
        Assert.Equal("10.9.0.2", Assert.Single(a.Answers).IPAddress!.ToString());
        var aaaa = DnsMessage.Parse(DnsResponder.TryAnswer(Query("WEB", DnsType.AAAA), catalog, "c", 512)!);
        Assert.Equal("fd00::2", Assert.Single(aaaa.Answers).IPAddress!.ToString());
        // A known name with a type we do not hold: empty NOERROR, not forwarded.
        var mx = DnsMessage.Parse(DnsResponder.TryAnswer(Query("web", DnsType.MX), catalog, "c", 512)!);
        Assert.Equal(DnsRcode.NoError, mx.Rcode);
        Assert.Empty(mx.Answers);
    }

    [Fact]
    public void LeavesUnknownNamesToTheForwarder()
    {
        Assert.Null(DnsResponder.TryAnswer(Query("example.org", DnsType.A), new FakeCatalog(), "c", 512));
        Assert.Null(DnsResponder.TryAnswer(Query("9.9.9.10.in-addr.arpa", DnsType.PTR), new FakeCatalog(), "c", 512));
    }

    [Fact]
    public void AnswersReverseLookups()
    {
        var catalog = new FakeCatalog();
        catalog.Reverse[IPAddress.Parse("10.9.0.2")] = "web.mynet";
        var r = DnsMessage.Parse(DnsResponder.TryAnswer(Query("2.0.9.10.in-addr.arpa", DnsType.PTR), catalog, "c", 512)!);
        Assert.Equal("web.mynet", Assert.Single(r.Answers).Target);
        Assert.Equal(IPAddress.Parse("fd00::2"),
            DnsResponder.ParseReverseName("2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa"));
        Assert.Null(DnsResponder.ParseReverseName("1.2.in-addr.arpa"));
    }

    [Fact]
    public void AnswersGarbageWithFormErr()
    {
        byte[] junk = [0xab, 0xcd, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3f];
        var r = DnsMessage.Parse(DnsResponder.TryAnswer(junk, new FakeCatalog(), "c", 512)!);
        Assert.Equal(0xabcd, r.Id);
        Assert.Equal(DnsRcode.FormErr, r.Rcode);
        var fail = DnsMessage.Parse(DnsResponder.ServerFailure(Query("x", DnsType.A, 9)));
        Assert.Equal((9, DnsRcode.ServFail), (fail.Id, fail.Rcode));
    }
}
