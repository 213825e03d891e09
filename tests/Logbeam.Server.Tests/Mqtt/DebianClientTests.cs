using System.Text.Json;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary>
/// Real clients from Debian against the embedded broker: mosquitto_rr/sub/pub (MQTT 3.1.1 and 5, as the C and Java
/// SDKs speak) and paho-mqtt speaking MQTT 3.1 like the Python SDK, with the SDKs' usernames and passwords.
/// </summary>
public sealed class DebianClientTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    private const string ProductId = Logbeam.Testing.Vectors.ProductId;
    private const string DeviceName = Logbeam.Testing.Vectors.DeviceName;
    private const string LogRequest = $"$log/operation/{ProductId}/{DeviceName}";
    private const string LogResult = $"$log/operation/result/{ProductId}/{DeviceName}";

    public static TheoryData<string, string> VectorsAndVersions => new()
    {
        { "c", "mqttv311" },
        { "java", "mqttv311" },
        { "python", "mqttv31" },
        { "java", "mqttv5" },
    };

    [Theory]
    [MemberData(nameof(VectorsAndVersions))]
    public async Task MosquittoRr_WithTheProtocolVectors_GetsTheLogLevel(string sdk, string version)
    {
        await server.EnsureVectorDeviceAsync();
        await LevelsApi.SetDeviceLevelAsync(server.Admin, ProductId, DeviceName, 3);
        var credentials = sdk switch { "c" => SdkCredentials.CVector, "java" => SdkCredentials.JavaVector, _ => SdkCredentials.PythonVector };

        var reply = await DebianClients.RequestAsync(LogRequest, LogResult, """{"type": "get_log_level", "clientToken": "ABCDE12345-1"}""",
            DebianClients.Connection(server.MqttPort, credentials, version));

        Assert.StartsWith("""{"log_level":3,""", reply, StringComparison.Ordinal);
        Assert.Equal("ABCDE12345-1", JsonDocument.Parse(reply).RootElement.GetProperty("clientToken").GetString());
    }

    [Fact]
    public async Task MosquittoRr_TimeRequest_GetsTheTime()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "rr-clock");

        var reply = await DebianClients.RequestAsync($"$sys/operation/{productId}/rr-clock", $"$sys/operation/result/{productId}/rr-clock",
            """{"type": "get", "resource": ["time"]}""", DebianClients.Connection(server.MqttPort, SdkCredentials.C(productId, "rr-clock", psk), "mqttv311"));

        var json = JsonDocument.Parse(reply).RootElement;
        Assert.Equal("get", json.GetProperty("type").GetString());
        Assert.InRange(json.GetProperty("time").GetInt64(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 30, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.True(json.TryGetProperty("ntptime1", out _) && json.TryGetProperty("ntptime2", out _));
    }

    [Fact]
    public async Task MosquittoSub_ReceivesAPushedLevel()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 1);
        var psk = await server.CreateKeyDeviceAsync(productId, "listener");
        using var sub = DebianClients.StartLineBuffered(DebianClients.MosquittoSub,
            [.. DebianClients.Connection(server.MqttPort, SdkCredentials.C(productId, "listener", psk), "mqttv311"),
             "-d", "-t", $"$log/operation/result/{productId}/listener", "-C", "1", "-W", "15"]);
        await sub.WaitForLineAsync(line => line.Contains("received SUBACK", StringComparison.Ordinal), DebianClients.Patience);

        await LevelsApi.SetDeviceLevelAsync(server.Admin, productId, "listener", 4);

        var push = await sub.WaitForLineAsync(line => line.StartsWith('{'), DebianClients.Patience);
        Assert.Equal(4, TestDevice.LevelOf(push));
    }

    [Fact]
    public async Task MosquittoPub_WrongPassword_IsRefused()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateKeyDeviceAsync(productId, "locked");
        var wrong = SdkCredentials.C(productId, "locked", Convert.ToBase64String(new byte[16]));

        var (exitCode, output) = await ExternalProgram.RunAsync(DebianClients.Patience, DebianClients.MosquittoPub,
            [.. DebianClients.Connection(server.MqttPort, wrong, "mqttv311"), "-t", $"$log/operation/{productId}/locked", "-m", "{}"]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("bad user name or password", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MosquittoSub_AnotherDevicesTopic_IsDenied()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "snoop");

        var (_, output) = await ExternalProgram.RunAsync(DebianClients.Patience, DebianClients.MosquittoSub,
            [.. DebianClients.Connection(server.MqttPort, SdkCredentials.C(productId, "snoop", psk), "mqttv311"),
             "-t", "$log/operation/result/+/+", "-W", "3"]);

        Assert.Contains("denied", output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PahoMqtt31_AsThePythonSdk_GetsLevelTimeAndAPush(bool vectorDevice)
    {
        string productId = ProductId, deviceName = DeviceName;
        SdkCredentials credentials = SdkCredentials.PythonVector;
        if (vectorDevice)
        {
            await server.EnsureVectorDeviceAsync();
        }
        else
        {
            productId = await server.CreateProductAsync();
            deviceName = "py-dev";
            credentials = SdkCredentials.Python(productId, deviceName, await server.CreateKeyDeviceAsync(productId, deviceName));
        }

        await LevelsApi.SetDeviceLevelAsync(server.Admin, productId, deviceName, 2);
        using var python = DebianClients.StartPythonDevice(server.MqttPort, productId, deviceName, credentials, "--push-wait", "15");

        var connack = await NextEventAsync(python, "connack");
        Assert.Equal(0, connack.GetProperty("rc").GetInt32());
        Assert.Equal([0, 0], (await NextEventAsync(python, "suback")).GetProperty("granted").EnumerateArray().Select(g => g.GetInt32()));
        Assert.Equal(2, TestDevice.LevelOf((await NextEventAsync(python, "log")).GetProperty("payload").GetString()!));
        var time = JsonDocument.Parse((await NextEventAsync(python, "time")).GetProperty("payload").GetString()!).RootElement;
        Assert.Equal("get", time.GetProperty("type").GetString());
        Assert.True(time.TryGetProperty("ntptime1", out _) && time.TryGetProperty("ntptime2", out _) && time.TryGetProperty("time", out _));
        await NextEventAsync(python, "ready");

        await LevelsApi.SetDeviceLevelAsync(server.Admin, productId, deviceName, 4);

        Assert.Equal(4, TestDevice.LevelOf((await NextEventAsync(python, "push")).GetProperty("payload").GetString()!));
        Assert.Equal(0, await python.WaitForExitAsync(DebianClients.Patience));
    }

    [Fact]
    public async Task PahoMqtt31_WrongPassword_GetsConnAck4()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateKeyDeviceAsync(productId, "py-locked");
        var wrong = SdkCredentials.Python(productId, "py-locked", Convert.ToBase64String(new byte[16]));
        using var python = DebianClients.StartPythonDevice(server.MqttPort, productId, "py-locked", wrong);

        Assert.Equal(4, (await NextEventAsync(python, "connack")).GetProperty("rc").GetInt32());
    }

    internal static async Task<JsonElement> NextEventAsync(RunningProgram program, string name)
    {
        var line = await program.WaitForLineAsync(
            l => l.StartsWith('{') && JsonDocument.Parse(l).RootElement.GetProperty("event").GetString() is { } e && (e == name || e == "timeout"),
            DebianClients.Patience);
        var json = JsonDocument.Parse(line).RootElement;
        Assert.True(json.GetProperty("event").GetString() == name, $"expected '{name}', the script gave up waiting. Output:\n{program.Output}");
        return json;
    }
}
