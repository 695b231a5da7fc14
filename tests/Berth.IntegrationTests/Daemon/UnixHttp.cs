using System.Net.Sockets;
using System.Text;

namespace Berth.IntegrationTests.Daemon;

/// <summary>An HttpClient that talks to a daemon's unix socket, for the API's edge cases the CLI never sends.</summary>
public static class UnixHttp
{
    public static HttpClient Create(string socketPath) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancel) =>
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await s.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancel);
            return new NetworkStream(s, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri("http://berth/"), Timeout = TimeSpan.FromSeconds(60) };

    public static async Task<(int Status, string Body)> SendAsync(this HttpClient http, string method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
