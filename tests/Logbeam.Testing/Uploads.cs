using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Logbeam.Protocol;

namespace Logbeam.Testing;

/// <summary>Builds signed <c>/device/reportlog</c> requests the way the Tencent SDKs do.</summary>
public static class Uploads
{
    public const string JsonContentType = "application/json;charset=utf-8";

    private static long _nonce = Random.Shared.Next(1, 1_000_000);

    public static long NextNonce() => Interlocked.Increment(ref _nonce);

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>The Java SDK's layout: one Message element holding every line, each ended by LF FF.</summary>
    public static byte[] JavaBody(string productId, string deviceName, params string[] lines)
    {
        var joined = string.Concat(lines.Select(line => line + "\n\f"));
        return Json(writer =>
        {
            writer.WriteStartArray("Message");
            writer.WriteStringValue(joined);
            writer.WriteEndArray();
            writer.WriteString("ProductId", productId);
            writer.WriteString("DeviceName", deviceName);
        });
    }

    /// <summary>The newer C SDK's layout: one line per Message element.</summary>
    public static byte[] CBody(string productId, string deviceName, params string[] lines) => Json(writer =>
    {
        writer.WriteString("DeviceName", deviceName);
        writer.WriteString("ProductId", productId);
        writer.WriteStartArray("Message");
        foreach (var line in lines)
        {
            writer.WriteStringValue(line);
        }

        writer.WriteEndArray();
    });

    /// <summary>
    /// The Java SDK's layout with Logbeam's optional members added as they are written in <paramref name="members"/>
    /// (raw JSON, e.g. <c>"BootId":"b1","FirstLine":7</c>), bad ones included.
    /// </summary>
    public static byte[] NumberedBody(string productId, string deviceName, string members, params string[] lines)
    {
        var body = Encoding.UTF8.GetString(JavaBody(productId, deviceName, lines));
        return Utf8(body[..^1] + "," + members + "}");
    }

    public static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    public static HttpRequestMessage Hmac(
        byte[] body, string key, SignatureAlgorithm algorithm = SignatureAlgorithm.HmacSha256, long? timestamp = null, long? nonce = null,
        string host = ReportLogHeaders.DefaultCanonicalHost, string? algorithmHeader = null)
    {
        var ts = timestamp ?? Now();
        var n = nonce ?? NextNonce();
        var signature = RequestSigner.SignHmac(algorithm, key, host, ReportLogHeaders.CanonicalUri, ts, n, body);
        return Request(body, algorithmHeader ?? SignatureAlgorithms.WireName(algorithm), signature, ts, n);
    }

    public static HttpRequestMessage Rsa(byte[] body, RSA privateKey, long? timestamp = null, long? nonce = null)
    {
        var ts = timestamp ?? Now();
        var n = nonce ?? NextNonce();
        var signature = RequestSigner.SignRsa(privateKey, ReportLogHeaders.DefaultCanonicalHost, ReportLogHeaders.CanonicalUri, ts, n, body);
        return Request(body, "rsa-sha256", signature, ts, n);
    }

    public static HttpRequestMessage Request(byte[] body, string? algorithm, string? signature, long timestamp, long nonce, string? contentType = JsonContentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/device/reportlog") { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (algorithm is not null)
        {
            request.Headers.TryAddWithoutValidation(ReportLogHeaders.Algorithm, algorithm);
        }

        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(ReportLogHeaders.Signature, signature);
        }

        request.Headers.TryAddWithoutValidation(ReportLogHeaders.Timestamp, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(ReportLogHeaders.Nonce, nonce.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return request;
    }

    /// <summary>Sends and returns the <c>Response</c> object, asserting the HTTP 200 every answer must have.</summary>
    public static async Task<JsonElement> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        return json.RootElement.GetProperty("Response").Clone();
    }

    /// <summary>The error code of an answer, or null for success (which must carry a RequestId).</summary>
    public static async Task<string?> SendForCodeAsync(HttpClient client, HttpRequestMessage request)
    {
        var answer = await SendAsync(client, request);
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("RequestId").GetString()));
        return answer.TryGetProperty("Error", out var error) ? error.GetProperty("Code").GetString() : null;
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
