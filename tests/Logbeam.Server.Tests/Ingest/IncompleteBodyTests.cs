using System.Net.Sockets;
using System.Text;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Ingest;

/// <summary>
/// An upload whose body stalls or is cut off before its Content-Length is the client's doing: answered as a bad request
/// (not InternalError), and not logged as an error with a stack trace, which a slow client could repeat to flood the log.
/// </summary>
public sealed class IncompleteBodyTests : IAsyncLifetime
{
    private readonly string _dataDirectory = TempDirectory.Create("logbeam-incomplete");
    private ServerProcess _server = null!;

    public async Task InitializeAsync() =>
        _server = await ServerProcess.StartAsync(_dataDirectory, "--Logging:LogLevel:Default", "Information");

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        TempDirectory.Delete(_dataDirectory);
    }

    public enum Break
    {
        /// <summary>10 of 1000 bytes, then nothing: Kestrel's minimum data rate gives up after its 5 s grace.</summary>
        Stall,

        /// <summary>10 of 1000 bytes, then the end of the client's stream.</summary>
        EndOfStream,

        /// <summary>A chunked body whose next chunk header is not a chunk header.</summary>
        BrokenChunk,
    }

    public static TheoryData<string, Break> Cases => new()
    {
        { "/device/reportlog", Break.Stall },
        { "/device/reportlog", Break.EndOfStream },
        { "/device/reportlog", Break.BrokenChunk },
        { "/cgi-bin/report-log", Break.Stall },
        { "/cgi-bin/report-log", Break.EndOfStream },
        { "/cgi-bin/report-log", Break.BrokenChunk },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task StalledOrCutOffBody_IsTheClientsFault_AndNotLoggedAsAnError(string path, Break how)
    {
        var answer = await PostPartialBodyAsync(path, how);

        // A client that ended its side of the connection has gone (Kestrel takes the end of the stream as the client
        // leaving), so there may be no one to answer; what was logged still counts.
        if (how != Break.EndOfStream || answer.Length > 0)
        {
            Assert.StartsWith("HTTP/1.1 ", answer, StringComparison.Ordinal);
            Assert.DoesNotContain("InternalError", answer, StringComparison.Ordinal);
            Assert.DoesNotContain("\"Retcode\":7", answer, StringComparison.Ordinal);
            Assert.Contains(path == "/device/reportlog" ? "InvalidParameter" : "\"Retcode\":1", answer, StringComparison.Ordinal);
        }

        await Task.Delay(500);
        var output = _server.Output;
        Assert.DoesNotContain("fail:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    // Headers that pass every check made before the body is read, then a body that does not arrive whole.
    private async Task<string> PostPartialBodyAsync(string path, Break how)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_server.BaseAddress.Host, _server.BaseAddress.Port);
        var stream = client.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {_server.BaseAddress.Authority}\r\nContent-Type: application/json\r\n" +
                   "X-TC-Algorithm: hmacsha256\r\nX-TC-Timestamp: 1700000000\r\nX-TC-Nonce: 1\r\nX-TC-Signature: c2ln\r\n" +
                   (how == Break.BrokenChunk
                       ? "Transfer-Encoding: chunked\r\n\r\n9\r\n{\"Product\r\nzz\r\n"
                       : "Content-Length: 1000\r\n\r\n{\"Product");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        if (how == Break.EndOfStream)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var answer = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                answer.Write(buffer, 0, read);
                if (Encoding.ASCII.GetString(answer.ToArray()).Contains('}', StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // The server closed the connection after its answer.
        }

        return Encoding.UTF8.GetString(answer.ToArray());
    }
}
