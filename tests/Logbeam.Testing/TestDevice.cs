using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Logbeam.Testing;

/// <summary>A device made of an MQTTnet client: it connects, subscribes to its result topics, asks, and collects what arrives.</summary>
public sealed class TestDevice : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Channel<(string Topic, string Payload)> _received = Channel.CreateUnbounded<(string, string)>();

    private TestDevice(string productId, string deviceName)
    {
        ProductId = productId;
        DeviceName = deviceName;
        Client = new MqttClientFactory().CreateMqttClient();
        Client.ApplicationMessageReceivedAsync += e =>
        {
            _received.Writer.TryWrite((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload.ToArray())));
            return Task.CompletedTask;
        };
    }

    public IMqttClient Client { get; }

    public string ProductId { get; }

    public string DeviceName { get; }

    public string LogRequestTopic => $"$log/operation/{ProductId}/{DeviceName}";

    public string LogResultTopic => $"$log/operation/result/{ProductId}/{DeviceName}";

    public string SysRequestTopic => $"$sys/operation/{ProductId}/{DeviceName}";

    public string SysResultTopic => $"$sys/operation/result/{ProductId}/{DeviceName}";

    /// <summary>Connects over TCP (or as <paramref name="configure"/> says) and returns the CONNACK result without throwing.</summary>
    public static async Task<(TestDevice Device, MqttClientConnectResult Result)> TryConnectAsync(
        string productId, string deviceName, SdkCredentials credentials, int port,
        MqttProtocolVersion version = MqttProtocolVersion.V311, Action<MqttClientOptionsBuilder>? configure = null)
    {
        var device = new TestDevice(productId, deviceName);
        var builder = new MqttClientOptionsBuilder()
            .WithClientId(credentials.ClientId)
            .WithCredentials(credentials.Username, credentials.Password)
            .WithProtocolVersion(version)
            .WithCleanSession(true)
            .WithTimeout(Patience);
        if (port > 0)
        {
            builder = builder.WithTcpServer("127.0.0.1", port); // 0: the caller configures another transport
        }

        configure?.Invoke(builder);
        // MQTTnet 5 answers a refusal with its CONNACK code rather than an exception.
        var result = await device.Client.ConnectAsync(builder.Build());
        return (device, result);
    }

    /// <summary>Connects, asserting success, and subscribes to both result topics as the SDKs do.</summary>
    public static async Task<TestDevice> ConnectAsync(
        string productId, string deviceName, SdkCredentials credentials, int port,
        MqttProtocolVersion version = MqttProtocolVersion.V311, Action<MqttClientOptionsBuilder>? configure = null)
    {
        var (device, result) = await TryConnectAsync(productId, deviceName, credentials, port, version, configure);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        var subscribed = await device.SubscribeAsync(device.LogResultTopic, device.SysResultTopic);
        Assert.All(subscribed.Items, item => Assert.True((int)item.ResultCode <= 2, $"subscription to {item.TopicFilter.Topic} refused: {item.ResultCode}"));
        return device;
    }

    public Task<MqttClientSubscribeResult> SubscribeAsync(params string[] topics)
    {
        var options = new MqttClientSubscribeOptionsBuilder();
        foreach (var topic in topics)
        {
            options.WithTopicFilter(topic, MqttQualityOfServiceLevel.AtMostOnce);
        }

        return Client.SubscribeAsync(options.Build());
    }

    public Task<MqttClientPublishResult> PublishAsync(string topic, string payload, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtMostOnce) =>
        Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(qos).Build());

    /// <summary>Publishes the C SDK's request, byte for byte, and returns the reply's raw text.</summary>
    public async Task<string> GetLogLevelAsync(string clientToken)
    {
        await PublishAsync(LogRequestTopic, $$"""{"type": "get_log_level", "clientToken": "{{clientToken}}"}""");
        return await NextAsync(LogResultTopic);
    }

    public async Task<string> GetTimeAsync()
    {
        await PublishAsync(SysRequestTopic, """{"type": "get", "resource": ["time"]}""");
        return await NextAsync(SysResultTopic);
    }

    /// <summary>The next message on <paramref name="topic"/>; messages on other topics are passed over.</summary>
    public async Task<string> NextAsync(string topic, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? Patience);
        try
        {
            while (true)
            {
                var (received, payload) = await _received.Reader.ReadAsync(cancel.Token);
                if (received == topic)
                {
                    return payload;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Nothing arrived on {topic} within {(timeout ?? Patience).TotalSeconds} s.");
        }
    }

    /// <summary>Asserts that nothing arrives on <paramref name="topic"/> for <paramref name="wait"/>.</summary>
    public async Task AssertQuietAsync(string topic, TimeSpan wait)
    {
        var payload = await Record.ExceptionAsync(() => NextAsync(topic, wait));
        Assert.IsType<TimeoutException>(payload);
    }

    public static int LevelOf(string reply) => JsonDocument.Parse(reply).RootElement.GetProperty("log_level").GetInt32();

    public async ValueTask DisposeAsync()
    {
        if (Client.IsConnected)
        {
            try
            {
                await Client.DisconnectAsync(new MqttClientDisconnectOptions());
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // The server closed it first.
            }
        }

        Client.Dispose();
    }
}
