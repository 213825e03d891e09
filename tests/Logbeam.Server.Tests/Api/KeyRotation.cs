using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Logbeam.Protocol;
using Logbeam.Server.Tests.Infrastructure;
using Logbeam.Server.Tests.Mqtt;
using MQTTnet;

namespace Logbeam.Server.Tests.Api;

/// <summary>What the key rotation tests do with a device: rotate its key, and try a key over each way in.</summary>
internal static class KeyRotation
{
    /// <summary>Rotates a device's key, asserting success; returns the answer (the new PSK in <c>psk</c>).</summary>
    public static async Task<JsonElement> RotateAsync(HttpClient admin, string productId, string deviceName, long? overlapSeconds = null)
    {
        using var response = await PostRotateAsync(admin, productId, deviceName, overlapSeconds);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Waits until the server says the previous key's overlap is over (by its own clock), instead of guessing how long that takes.</summary>
    public static Task WaitUntilOverlapEndsAsync(HttpClient admin, string productId, string deviceName) =>
        LevelsApi.EventuallyAsync(
            async () => !(await LevelsApi.DeviceAsync(admin, productId, deviceName)).GetProperty("previousKey").GetProperty("active").GetBoolean(),
            $"the overlap of {productId}/{deviceName}'s previous key ends");

    public static Task<HttpResponseMessage> PostRotateAsync(HttpClient admin, string productId, string deviceName, long? overlapSeconds)
    {
        var path = $"/api/v1/products/{productId}/devices/{deviceName}/rotate-key";
        return overlapSeconds is null
            ? admin.PostAsync(path, null)
            : admin.PostAsJsonAsync(path, new { overlapSeconds });
    }

    /// <summary>Uploads one line signed with <paramref name="key"/>; returns the error code, or null when accepted.</summary>
    public static Task<string?> UploadAsync(
        HttpClient device, string productId, string deviceName, string key, SignatureAlgorithm algorithm = SignatureAlgorithm.HmacSha256) =>
        Uploads.SendForCodeAsync(device, Uploads.Hmac(Uploads.JavaBody(productId, deviceName, "INF|rotation upload"), key, algorithm));

    /// <summary>Posts a legacy frame signed with <paramref name="key"/>; returns its Retcode (0: stored).</summary>
    public static async Task<int> LegacyAsync(HttpClient device, string productId, string deviceName, string key)
    {
        // Each frame its own: a replayed frame may be refused for that alone.
        var lines = Encoding.UTF8.GetBytes($"INF|2023-11-15 06:13:20|rotation.c|main(1): legacy {Guid.NewGuid():N}\n\f");
        var frame = LegacyFrame.Build('P', productId, deviceName, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), lines, key);
        using var content = new ByteArrayContent(frame);
        content.Headers.TryAddWithoutValidation("Content-Type", "text/plain;charset=utf-8");
        using var response = await device.PostAsync("/cgi-bin/report-log", content);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("Retcode").GetInt32();
    }

    /// <summary>Connects to the embedded broker as the C SDK would with <paramref name="psk"/>; returns the CONNACK code.</summary>
    public static async Task<MqttClientConnectResultCode> ConnectAsync(LogbeamServer server, string productId, string deviceName, string psk)
    {
        var (device, result) = await TestDevice.TryConnectAsync(productId, deviceName, SdkCredentials.C(productId, deviceName, psk), server.MqttPort);
        await device.DisposeAsync();
        return result.ResultCode;
    }

    /// <summary>Asserts that <paramref name="psk"/> is accepted, or refused, by every way in.</summary>
    public static async Task AssertKeyAsync(LogbeamServer server, string productId, string deviceName, string psk, bool accepted)
    {
        var upload = await UploadAsync(server.Device, productId, deviceName, psk);
        var sha1 = await UploadAsync(server.Device, productId, deviceName, psk, SignatureAlgorithm.HmacSha1);
        var legacy = await LegacyAsync(server.Device, productId, deviceName, psk);
        var mqtt = await ConnectAsync(server, productId, deviceName, psk);
        if (accepted)
        {
            Assert.Null(upload);
            Assert.Null(sha1);
            Assert.Equal(0, legacy);
            Assert.Equal(MqttClientConnectResultCode.Success, mqtt);
        }
        else
        {
            Assert.Equal(ReportLogErrorCodes.SignatureFailure, upload);
            Assert.Equal(ReportLogErrorCodes.SignatureFailure, sha1);
            Assert.NotEqual(0, legacy);
            Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, mqtt);
        }
    }
}
