namespace Berth.Cli.Client;

/// <summary>The status line and headers of an HTTP response.</summary>
public sealed class ResponseHead(int status, string reason, Dictionary<string, string> headers)
{
    public int Status { get; } = status;
    public string Reason { get; } = reason;
    public Dictionary<string, string> Headers { get; } = headers;

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public static ResponseHead Read(HttpConnection connection)
    {
        string? statusLine = connection.ReadLine();
        if (statusLine is null) throw new IOException("EOF");
        // "HTTP/1.1 200 OK"
        var parts = statusLine.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(parts[1], out int status))
            throw new IOException($"malformed HTTP response {Formatting.GoStrings.Quote(statusLine)}");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            string? line = connection.ReadLine();
            if (line is null) throw new IOException("unexpected EOF reading response headers");
            if (line.Length == 0) break;
            int colon = line.IndexOf(':');
            if (colon <= 0) continue;
            string name = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var existing) ? existing + ", " + value : value;
        }
        return new ResponseHead(status, parts.Length > 2 ? parts[2] : "", headers);
    }
}
