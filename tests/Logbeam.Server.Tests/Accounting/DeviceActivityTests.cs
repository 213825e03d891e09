using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Logbeam.Protocol;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Accounting;

/// <summary>
/// What the platform saw of a device, on the device's own answer: each refusal reason with its count, last time and
/// why; its clock's offset; and its last contacts, kept across a restart.
/// </summary>
public sealed class DeviceActivityTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    private const string Line = "ERR|2026-12-08 05:00:00|t|x";

    [Fact]
    public async Task EveryRefusalReason_ShowsOnTheDevice_WithItsCountLastTimeAndWhy()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "refused");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        byte[] body() => Uploads.CBody(productId, "refused", Line);

        await Refused(Uploads.Hmac(body(), "AAAAAAAAAAAAAAAAAAAAAA=="), ReportLogErrorCodes.SignatureFailure);
        await Refused(Uploads.Hmac(body(), "AAAAAAAAAAAAAAAAAAAAAA=="), ReportLogErrorCodes.SignatureFailure);
        var (timestamp, nonce) = (Uploads.Now(), Uploads.NextNonce());
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(body(), psk, timestamp: timestamp, nonce: nonce)));
        await Refused(Uploads.Hmac(body(), psk, timestamp: timestamp, nonce: nonce), ReportLogErrorCodes.ReplayedNonce);
        await Refused(Uploads.Hmac(body(), psk, timestamp: Uploads.Now() - 7230), ReportLogErrorCodes.SignatureExpire);
        Assert.NotEqual(0, (await LegacyUploads.PostAsync(server.Device,
            LegacyFrame.Build('P', productId, "refused", 0, Encoding.UTF8.GetBytes("INF x\n\f"), "AAAAAAAAAAAAAAAAAAAAAA=="))).Retcode);
        Assert.True((await server.Admin.PostAsync($"/api/v1/products/{productId}/devices/refused/disable", null)).IsSuccessStatusCode);
        await Refused(Uploads.Hmac(body(), psk), ReportLogErrorCodes.DeviceDisabled);

        var device = await DeviceAsync(productId, "refused");
        var refusals = device.GetProperty("refusals");

        string[] reasons =
        [
            ReportLogErrorCodes.SignatureFailure, ReportLogErrorCodes.SignatureExpire, ReportLogErrorCodes.DeviceDisabled,
            ReportLogErrorCodes.ReplayedNonce,
        ];
        Assert.Equal(reasons.Order(StringComparer.Ordinal), refusals.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var signature = refusals.GetProperty(ReportLogErrorCodes.SignatureFailure);
        Assert.Equal(3, signature.GetProperty("count").GetInt64()); // two uploads and one legacy frame
        Assert.StartsWith("Legacy frame: ", signature.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.InRange(signature.GetProperty("last").GetDateTimeOffset(), before, DateTimeOffset.UtcNow);
        var expired = refusals.GetProperty(ReportLogErrorCodes.SignatureExpire);
        Assert.Equal(1, expired.GetProperty("count").GetInt64());
        Assert.Equal("X-TC-Timestamp 2 h behind the platform's clock: the device clock is wrong.", expired.GetProperty("detail").GetString());
        Assert.Equal(1, refusals.GetProperty(ReportLogErrorCodes.ReplayedNonce).GetProperty("count").GetInt64());
        Assert.Equal(1, refusals.GetProperty(ReportLogErrorCodes.DeviceDisabled).GetProperty("count").GetInt64());

        Assert.InRange(device.GetProperty("lastRefusedAt").GetDateTimeOffset(), before, DateTimeOffset.UtcNow);
        Assert.InRange(device.GetProperty("lastUploadAt").GetDateTimeOffset(), before, DateTimeOffset.UtcNow);
        Assert.Equal(device.GetProperty("lastRefusedAt").GetDateTimeOffset(), device.GetProperty("lastSeen").GetDateTimeOffset());

        // The list shows the same.
        var listed = (await server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}/devices")).EnumerateArray().Single();
        Assert.Equal(3, listed.GetProperty("refusals").GetProperty(ReportLogErrorCodes.SignatureFailure).GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task ADeviceClock2HoursBehind_IsRefused_AndItsDevicePageNamesTheOffset_UntilAnUploadInTimeMeasuresItAgain()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "slow-clock");

        var code = await Uploads.SendForCodeAsync(server.Device,
            Uploads.Hmac(Uploads.CBody(productId, "slow-clock", Line), psk, timestamp: Uploads.Now() - 2 * 3600));

        Assert.Equal(ReportLogErrorCodes.SignatureExpire, code);
        var clock = (await DeviceAsync(productId, "slow-clock")).GetProperty("clock");
        Assert.InRange(clock.GetProperty("offsetSeconds").GetDouble(), -7202, -7198);
        Assert.False(clock.GetProperty("synced").GetBoolean());

        Assert.Null(await Uploads.SendForCodeAsync(server.Device,
            Uploads.Hmac(Uploads.CBody(productId, "slow-clock", Line), psk, timestamp: Uploads.Now() - 100)));
        Assert.InRange((await DeviceAsync(productId, "slow-clock")).GetProperty("clock").GetProperty("offsetSeconds").GetDouble(), -102, -98);
    }

    [Fact]
    public async Task ADeviceNeverHeardFrom_HasNoContactNoClockAndNoRefusals()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateKeyDeviceAsync(productId, "silent");

        var device = await DeviceAsync(productId, "silent");

        Assert.Equal(JsonValueKind.Null, device.GetProperty("lastSeen").ValueKind);
        Assert.Equal(JsonValueKind.Null, device.GetProperty("lastUploadAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, device.GetProperty("clock").ValueKind);
        Assert.Empty(device.GetProperty("refusals").EnumerateObject());
    }

    [Fact]
    public async Task LastContactsAndRefusals_SurviveARestart()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "remembered");
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.CBody(productId, "remembered", Line), psk)));
        await Refused(Uploads.Hmac(Uploads.CBody(productId, "remembered", Line), "AAAAAAAAAAAAAAAAAAAAAA=="), ReportLogErrorCodes.SignatureFailure);
        var before = await DeviceAsync(productId, "remembered");

        await server.RestartAsync();

        var after = await DeviceAsync(productId, "remembered");
        Assert.Equal(before.GetProperty("lastUploadAt").GetDateTimeOffset(), after.GetProperty("lastUploadAt").GetDateTimeOffset());
        Assert.Equal(before.GetProperty("lastRefusedAt").GetDateTimeOffset(), after.GetProperty("lastRefusedAt").GetDateTimeOffset());
        Assert.Equal(before.GetProperty("lastSeen").GetDateTimeOffset(), after.GetProperty("lastSeen").GetDateTimeOffset());
        Assert.Equal(1, after.GetProperty("refusals").GetProperty(ReportLogErrorCodes.SignatureFailure).GetProperty("count").GetInt64());
        Assert.InRange(after.GetProperty("clock").GetProperty("offsetSeconds").GetDouble(), -2, 2);
    }

    private async Task Refused(HttpRequestMessage request, string code) =>
        Assert.Equal(code, await Uploads.SendForCodeAsync(server.Device, request));

    private async Task<JsonElement> DeviceAsync(string productId, string deviceName) =>
        await server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}/devices/{deviceName}");
}
