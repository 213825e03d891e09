using System.Globalization;
using System.Text.RegularExpressions;
using Logbeam.Server.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary>What the embedded broker refuses: bad credentials of every kind, and topics that are not the device's.</summary>
public sealed class RefusalTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task WrongPassword_IsRefused_BadUserNameOrPassword(MqttProtocolVersion version)
    {
        var productId = await server.CreateProductAsync();
        await server.CreateKeyDeviceAsync(productId, "dev");
        var otherPsk = Convert.ToBase64String(new byte[16]);

        var result = await ConnectAsync(productId, "dev", SdkCredentials.C(productId, "dev", otherPsk), version);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result);
    }

    [Fact]
    public async Task ClientIdOfAnotherDevice_IsRefused_ClientIdentifierNotValid()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "one");
        await server.CreateKeyDeviceAsync(productId, "two");
        var credentials = SdkCredentials.C(productId, "one", psk) with { ClientId = productId + "two" };

        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, await ConnectAsync(productId, "two", credentials));
    }

    [Fact]
    public async Task UnknownDevice_IsRefused_ClientIdentifierNotValid()
    {
        var productId = await server.CreateProductAsync();
        var credentials = SdkCredentials.C(productId, "ghost", Convert.ToBase64String(new byte[16]));

        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, await ConnectAsync(productId, "ghost", credentials));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task DisabledDevice_IsRefused_NotAuthorized(MqttProtocolVersion version)
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "off");
        await LevelsApi.SetEnabledAsync(server.Admin, productId, "off", enabled: false);

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await ConnectAsync(productId, "off", SdkCredentials.C(productId, "off", psk), version));
    }

    [Fact]
    public async Task ExpiredUsername_IsRefused_BadUserNameOrPassword()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "late");
        // The Java SDK without auto-reconnect writes now + 600 s; this one was written 20 minutes ago.
        var credentials = SdkCredentials.Java(productId, "late", psk, expiry: DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectAsync(productId, "late", credentials));
    }

    [Fact]
    public async Task JavaUsernameExpiringInTenMinutes_IsAccepted()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "soon");
        var credentials = SdkCredentials.Java(productId, "soon", psk, expiry: DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 600);

        Assert.Equal(MqttClientConnectResultCode.Success, await ConnectAsync(productId, "soon", credentials));
    }

    [Fact]
    public async Task SubscribingOutsideItsOwnTopics_IsRefused_AndCounted()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "nosy");
        await server.CreateKeyDeviceAsync(productId, "victim");
        var before = await RefusedAsync("subscribe");
        await using var device = await TestDevice.ConnectAsync(productId, "nosy", SdkCredentials.C(productId, "nosy", psk), server.MqttPort, MqttProtocolVersion.V500);

        var result = await device.SubscribeAsync(
            $"$log/operation/result/{productId}/victim", "$log/operation/result/+/+", "#", $"{productId}/victim/data", $"{productId}/nosy/#");

        var codes = result.Items.Select(item => item.ResultCode).ToArray();
        Assert.Equal(
            [MqttClientSubscribeResultCode.NotAuthorized, MqttClientSubscribeResultCode.NotAuthorized, MqttClientSubscribeResultCode.NotAuthorized,
             MqttClientSubscribeResultCode.NotAuthorized, MqttClientSubscribeResultCode.GrantedQoS0],
            codes);
        // The counter is process-wide and other test classes run alongside: at least these four.
        Assert.True(await RefusedAsync("subscribe") >= before + 4);
    }

    [Fact]
    public async Task SubscribingOutsideItsOwnTopics_Mqtt311_GetsSubAckFailure()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "nosy");
        await using var device = await TestDevice.ConnectAsync(productId, "nosy", SdkCredentials.C(productId, "nosy", psk), server.MqttPort);

        var result = await device.SubscribeAsync("$log/operation/+/+");

        Assert.Equal(MqttClientSubscribeResultCode.UnspecifiedError, Assert.Single(result.Items).ResultCode);
    }

    [Fact]
    public async Task PublishingOutsideItsOwnTopics_IsDropped_AndCounted()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "forger");
        var victimPsk = await server.CreateKeyDeviceAsync(productId, "victim");
        await using var victim = await TestDevice.ConnectAsync(productId, "victim", SdkCredentials.C(productId, "victim", victimPsk), server.MqttPort);
        await victim.SubscribeAsync($"{productId}/victim/data");
        var before = await RefusedAsync("publish");
        await using var forger = await TestDevice.ConnectAsync(productId, "forger", SdkCredentials.C(productId, "forger", psk), server.MqttPort, MqttProtocolVersion.V500);

        var forged = await forger.PublishAsync(victim.LogResultTopic, """{"log_level":0}""", MqttQualityOfServiceLevel.AtLeastOnce);
        var asVictim = await forger.PublishAsync(victim.LogRequestTopic, """{"type":"get_log_level","clientToken":"x"}""", MqttQualityOfServiceLevel.AtLeastOnce);
        var intoData = await forger.PublishAsync($"{productId}/victim/data", "spoofed", MqttQualityOfServiceLevel.AtLeastOnce);
        var own = await forger.PublishAsync($"{productId}/forger/data", "mine", MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, forged.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, asVictim.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, intoData.ReasonCode);
        Assert.True(own.IsSuccess || own.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers);
        await victim.AssertQuietAsync(victim.LogResultTopic, TimeSpan.FromMilliseconds(300));
        await victim.AssertQuietAsync($"{productId}/victim/data", TimeSpan.FromMilliseconds(100));
        Assert.True(await RefusedAsync("publish") >= before + 3);
    }

    private async Task<MqttClientConnectResultCode> ConnectAsync(
        string productId, string deviceName, SdkCredentials credentials, MqttProtocolVersion version = MqttProtocolVersion.V311)
    {
        var (device, result) = await TestDevice.TryConnectAsync(productId, deviceName, credentials, server.MqttPort, version);
        await device.DisposeAsync();
        return result.ResultCode;
    }

    private async Task<double> RefusedAsync(string action)
    {
        var metrics = await server.Device.GetStringAsync("/metrics");
        var match = Regex.Match(metrics, $"^logbeam_mqtt_refused_total{{action=\"{action}\"}} (\\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
