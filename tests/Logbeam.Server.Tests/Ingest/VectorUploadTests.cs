using System.Text.Json;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Ingest;

/// <summary>
/// The exact bytes of protocol.md §7 — bodies, headers and signatures computed outside this code base —
/// posted to the real server, as a device running the official SDK would send them.
/// </summary>
public sealed class VectorUploadTests(UncheckedClockServer server) : IClassFixture<UncheckedClockServer>
{
    [Fact]
    public async Task JavaVector_HmacSha256_IsAcceptedOnceThenRefusedAsReplay()
    {
        await server.EnsureVectorDeviceAsync();
        HttpRequestMessage Vector() => Uploads.Request(
            Vectors.Read("java_body.json"), "hmacsha256", "jRnsKhMAvQw2jVxr6qvVsx+GlnHJkkgKZCEHxaJGSMY=", 1700000000, 123456789);

        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Vector()));
        Assert.Equal("AuthFailure.ReplayedNonce", await Uploads.SendForCodeAsync(server.Device, Vector()));

        var lines = await LogsClient.DeviceLinesAsync(server.Admin, Vectors.ProductId, Vectors.DeviceName, "&q=subscribe");
        var line = Assert.Single(lines);
        Assert.Equal("TXMQTT", line.GetProperty("tag").GetString());
        Assert.Equal(1, line.GetProperty("level").GetInt32());
    }

    [Fact]
    public async Task CVector_HmacSha1_IsAccepted()
    {
        await server.EnsureVectorDeviceAsync();
        var request = Uploads.Request(
            Vectors.Read("c_body.json"), "hmacsha1", "nwMETkeRC5GGqcWnmo0kWAkKJQ4=", 1700000000, 987654321);

        var answer = await Uploads.SendAsync(server.Device, request);

        Assert.False(answer.TryGetProperty("Error", out _));
        var requestId = answer.GetProperty("RequestId").GetString();
        var lines = (await LogsClient.DeviceLinesAsync(server.Admin, Vectors.ProductId, Vectors.DeviceName))
            .Where(l => l.GetProperty("requestId").GetString() == requestId).ToList();
        Assert.Equal(["main(121): oops", "main(120): hello"], lines.Select(l => l.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task LegacyFrameVector_IsAcceptedWithRetcodeZero()
    {
        await server.EnsureVectorDeviceAsync();
        using var content = new ByteArrayContent(Vectors.Read("legacy_frame.bin"));
        content.Headers.TryAddWithoutValidation("Content-Type", "text/plain;charset=utf-8");

        using var response = await server.Device.PostAsync("/cgi-bin/report-log", content);

        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, answer.GetProperty("Retcode").GetInt32());
        var lines = await LogsClient.DeviceLinesAsync(server.Admin, Vectors.ProductId, Vectors.DeviceName, "&q=hello");
        Assert.Contains(lines, l => l.GetProperty("text").GetString() == "main(120): hello" && l.GetProperty("requestId").GetString()!.Length > 0);
    }
}
