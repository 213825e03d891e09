using System.Security.Cryptography;
using System.Text;
using Logbeam.Protocol;

namespace Logbeam.Bench.Ingest;

/// <summary>One simulated device: its credentials and a few prebuilt bodies, with their SHA-256 already taken.</summary>
internal sealed class DeviceUploads
{
    public const string ProductId = "BENCHPROD1";

    private static readonly string[] Words =
    [
        "sensor", "reading", "temperature", "humidity", "connection", "mqtt", "publish", "retry", "timeout", "battery",
        "voltage", "firmware", "update", "checksum", "packet", "queue", "flush", "worker", "socket", "buffer",
        "heap", "stack", "watchdog", "reset", "uplink", "downlink", "gateway", "signal", "rssi", "channel",
    ];

    private static readonly string[] Levels = ["DBG", "INF", "INF", "WRN", "ERR"];

    public required string DeviceName { get; init; }

    public required string Psk { get; init; }

    public required byte[] PskBytes { get; init; }

    public required byte[][] Bodies { get; init; }

    public required string[] BodyHashes { get; init; }

    /// <summary>Devices named <c>dev00000</c>… with deterministic 24-character PSKs and bodies of <paramref name="linesPerBody"/> lines.</summary>
    public static DeviceUploads[] Create(int devices, int linesPerBody, int lineBytes, int bodiesPerDevice, int seed)
    {
        var random = new Random(seed);
        var fleet = new DeviceUploads[devices];
        for (var d = 0; d < devices; d++)
        {
            var name = $"dev{d:D5}";
            var pskBytes = new byte[18];
            random.NextBytes(pskBytes);
            var psk = Convert.ToBase64String(pskBytes);
            var bodies = new byte[bodiesPerDevice][];
            var hashes = new string[bodiesPerDevice];
            for (var b = 0; b < bodiesPerDevice; b++)
            {
                bodies[b] = Body(name, linesPerBody, lineBytes, random);
                hashes[b] = StringToSign.HashPayloadHex(SignatureAlgorithm.HmacSha256, bodies[b]);
            }

            fleet[d] = new DeviceUploads
            {
                DeviceName = name,
                Psk = psk,
                PskBytes = Encoding.UTF8.GetBytes(psk),
                Bodies = bodies,
                BodyHashes = hashes,
            };
        }

        return fleet;
    }

    // The Java SDK's shape: one Message element, lines "LVL|yyyy-MM-dd HH:mm:ss|TAG|content" each ended by LF FF.
    private static byte[] Body(string deviceName, int lines, int lineBytes, Random random)
    {
        var text = new StringBuilder();
        var time = new DateTime(2025, 6, 1, 8, 0, 0, DateTimeKind.Unspecified).AddSeconds(random.Next(86_400));
        for (var i = 0; i < lines; i++)
        {
            var line = new StringBuilder();
            line.Append(Levels[random.Next(Levels.Length)]).Append('|')
                .Append(time.AddMilliseconds(i * 10).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))
                .Append("|app|");
            while (line.Length < lineBytes - 2)
            {
                line.Append(Words[random.Next(Words.Length)]).Append(' ');
            }

            text.Append(line.ToString(0, lineBytes - 2)).Append("\n\f");
        }

        var json = $"{{\"ProductId\":\"{ProductId}\",\"DeviceName\":\"{deviceName}\",\"Message\":[{System.Text.Json.JsonSerializer.Serialize(text.ToString())}]}}";
        return Encoding.UTF8.GetBytes(json);
    }

    /// <summary>Writes a complete signed request for body <paramref name="body"/> into <paramref name="destination"/>.</summary>
    public int WriteRequest(Span<byte> destination, int port, int body, long timestamp, long nonce)
    {
        Span<byte> toSign = stackalloc byte[256];
        var signLength = StringToSignUtf8(toSign, timestamp, nonce, BodyHashes[body]);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(PskBytes, toSign[..signLength], mac);
        var signature = Convert.ToBase64String(mac);

        var head = $"POST /device/reportlog HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json;charset=utf-8\r\n" +
            $"X-TC-Algorithm: hmacsha256\r\nX-TC-Timestamp: {timestamp}\r\nX-TC-Nonce: {nonce}\r\nX-TC-Signature: {signature}\r\n" +
            $"Content-Length: {Bodies[body].Length}\r\n\r\n";
        var written = Encoding.ASCII.GetBytes(head, destination);
        Bodies[body].CopyTo(destination[written..]);
        return written + Bodies[body].Length;
    }

    private static int StringToSignUtf8(Span<byte> destination, long timestamp, long nonce, string hash) =>
        Encoding.UTF8.GetBytes(
            StringToSign.Build(ReportLogHeaders.DefaultCanonicalHost, ReportLogHeaders.CanonicalUri, "hmacsha256", timestamp, nonce, hash),
            destination);
}
