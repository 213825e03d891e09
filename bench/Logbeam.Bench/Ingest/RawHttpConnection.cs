using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;

namespace Logbeam.Bench.Ingest;

/// <summary>
/// One keep-alive HTTP/1.1 connection that sends prebuilt request bytes and reads one response. Far cheaper than
/// HttpClient per request, which matters because the load generator shares the two cores with the server.
/// </summary>
internal sealed class RawHttpConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _receive = new byte[16 * 1024];

    private RawHttpConnection(Socket socket) => _socket = socket;

    public static async Task<RawHttpConnection> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).ConfigureAwait(false);
        return new RawHttpConnection(socket);
    }

    /// <summary>Sends the request and reads the answer: the status and whether the body holds an <c>Error</c>.</summary>
    public async ValueTask<(int Status, bool Error, string Body)> SendAsync(ReadOnlyMemory<byte> request, bool keepBody)
    {
        while (!request.IsEmpty)
        {
            var sent = await _socket.SendAsync(request, SocketFlags.None).ConfigureAwait(false);
            request = request[sent..];
        }

        var filled = 0;
        int headerEnd;
        while (true)
        {
            filled += await ReceiveAsync(filled).ConfigureAwait(false);
            headerEnd = _receive.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
            if (headerEnd >= 0)
            {
                break;
            }
        }

        var total = headerEnd + 4 + ContentLength(_receive.AsSpan(0, headerEnd));
        while (filled < total)
        {
            filled += await ReceiveAsync(filled).ConfigureAwait(false);
        }

        Utf8Parser.TryParse(_receive.AsSpan(9, 3), out int status, out _);
        var body = _receive.AsSpan(headerEnd + 4, total - headerEnd - 4);
        var error = body.IndexOf("\"Error\""u8) >= 0;
        return (status, error, keepBody || error || status != 200 ? System.Text.Encoding.UTF8.GetString(body) : string.Empty);
    }

    public void Dispose() => _socket.Dispose();

    private async ValueTask<int> ReceiveAsync(int filled)
    {
        if (filled == _receive.Length)
        {
            throw new InvalidOperationException("The response is larger than the load generator's buffer.");
        }

        var received = await _socket.ReceiveAsync(_receive.AsMemory(filled), SocketFlags.None).ConfigureAwait(false);
        return received > 0 ? received : throw new IOException("The server closed the connection.");
    }

    private static int ContentLength(ReadOnlySpan<byte> headers)
    {
        var at = headers.IndexOf("\r\nContent-Length: "u8);
        if (at < 0)
        {
            throw new InvalidOperationException("The response has no Content-Length; the load generator reads only sized bodies.");
        }

        Utf8Parser.TryParse(headers[(at + 18)..], out int length, out _);
        return length;
    }
}
