using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Logbeam.Protocol;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Logbeam.Device.Mqtt;

/// <summary>
/// The MQTT half of the device (§1–§3): connects with Tencent-style credentials, subscribes to the result topics, asks
/// <c>get_log_level</c> and the time on every (re)connect, applies pushed levels at once, and reconnects with backoff.
/// </summary>
internal sealed class LevelControlSession : IAsyncDisposable
{
    private const string ConnIdAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private readonly LogbeamDeviceOptions _options;
    private readonly Uri _broker;
    private readonly Action<int> _applyLevel;
    private readonly DeviceClock _clock;
    private readonly DeviceCounters _counters;
    private readonly ILogger _logger;
    private readonly IMqttClient _client;
    private readonly string _clientId;
    private readonly string _logResultTopic;
    private readonly string _sysResultTopic;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _timeRequestSentMs;
    private int _token;

    public LevelControlSession(
        LogbeamDeviceOptions options, Action<int> applyLevel, DeviceClock clock, DeviceCounters counters, ILogger logger)
    {
        _options = options;
        _broker = options.BrokerUri!;
        _applyLevel = applyLevel;
        _clock = clock;
        _counters = counters;
        _logger = logger;
        _clientId = MqttCredentials.ClientId(options.ProductId, options.DeviceName);
        _logResultTopic = Topics.LogOperationResult(options.ProductId, options.DeviceName);
        _sysResultTopic = Topics.SysOperationResult(options.ProductId, options.DeviceName);
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            OnMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload);
            return Task.CompletedTask;
        };
        _client.DisconnectedAsync += _ =>
        {
            _disconnected.TrySetResult();
            return Task.CompletedTask;
        };
        _loop = Task.Run(RunAsync);
    }

    public bool IsConnected => _client.IsConnected;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        if (_client.IsConnected)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // leaving: whatever the socket says no longer matters
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        _client.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var stop = _stop.Token;
        int failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                _disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var result = await _client.ConnectAsync(BuildOptions(), stop).ConfigureAwait(false);
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    throw new InvalidOperationException($"the broker refused the connection: {result.ResultCode}");
                }

                await _client.SubscribeAsync(
                    new MqttClientSubscribeOptionsBuilder()
                        .WithTopicFilter(_logResultTopic, MqttQualityOfServiceLevel.AtMostOnce)
                        .WithTopicFilter(_sysResultTopic, MqttQualityOfServiceLevel.AtMostOnce)
                        .Build(),
                    stop).ConfigureAwait(false);
                DeviceLog.Connected(_logger, _broker, _clientId);
                failures = 0;
                await AskLevelAsync(stop).ConfigureAwait(false);
                await SyncLoopAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // any failure means: wait, then connect again
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures++;
                var delay = Backoff.Delay(failures, _options.RetryBaseDelay, _options.RetryMaxDelay);
                _counters.Error($"MQTT: {ex.Message}", _clock.Time.GetUtcNow());
                DeviceLog.ConnectFailed(_logger, _broker, ex.Message, delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>While connected: the time now and every <see cref="LogbeamDeviceOptions.TimeSyncInterval"/>; returns on disconnect.</summary>
    private async Task SyncLoopAsync(CancellationToken stop)
    {
        while (true)
        {
            if (_options.SyncTime)
            {
                Volatile.Write(ref _timeRequestSentMs, _clock.LocalMilliseconds());
                await PublishAsync(Topics.SysOperation(_options.ProductId, _options.DeviceName), TimeMessages.FormatRequest(), stop)
                    .ConfigureAwait(false);
            }

            var disconnected = _disconnected.Task;
            var finished = await Task.WhenAny(disconnected, Task.Delay(_options.TimeSyncInterval, stop)).ConfigureAwait(false);
            stop.ThrowIfCancellationRequested();
            if (finished == disconnected)
            {
                throw new InvalidOperationException("the connection was lost");
            }
        }
    }

    private Task AskLevelAsync(CancellationToken stop)
    {
        string token = string.Create(CultureInfo.InvariantCulture, $"{_clientId}-{Interlocked.Increment(ref _token) - 1}");
        return PublishAsync(Topics.LogOperation(_options.ProductId, _options.DeviceName), LogLevelMessages.FormatRequest(token), stop);
    }

    private Task PublishAsync(string topic, byte[] payload, CancellationToken stop) =>
        _client.PublishAsync(
            new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce).Build(),
            stop);

    private void OnMessage(string topic, ReadOnlySequence<byte> payload)
    {
        byte[] bytes = payload.ToArray();
        if (topic == _logResultTopic && LogLevelMessages.TryParseReply(bytes, out int level, out _))
        {
            if (DeviceLogLevels.IsValid(level))
            {
                _applyLevel(level);
            }
            else
            {
                DeviceLog.LevelIgnored(_logger, level);
            }
        }
        else if (topic == _sysResultTopic && TimeMessages.TryParseReply(bytes, out _, out long ntp1, out long ntp2))
        {
            _clock.Apply(Volatile.Read(ref _timeRequestSentMs), _clock.LocalMilliseconds(), ntp1, ntp2);
            DeviceLog.TimeSynced(_logger, _clock.OffsetMilliseconds);
        }
    }

    private MqttClientOptions BuildOptions()
    {
        bool tls = _broker.Scheme is "mqtts" or "ssl";
        int port = _broker.IsDefaultPort || _broker.Port <= 0 ? (tls ? 8883 : 1883) : _broker.Port;
        var (clientId, username, password) = MqttLogin.Create(_options, RandomNumberGenerator.GetString(ConnIdAlphabet, 5));
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_broker.Host, port)
            .WithClientId(clientId)
            .WithCredentials(username, password)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(_options.KeepAlive)
            .WithTimeout(_options.RequestTimeout);
        if (tls)
        {
            builder = builder.WithTlsOptions(o =>
            {
                o.UseTls();
                if (_options.CertificatePem is not null && _options.PrivateKeyPem is not null)
                {
                    using var pem = X509Certificate2.CreateFromPem(_options.CertificatePem, _options.PrivateKeyPem);
                    o.WithClientCertificates([X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null)]);
                }

                if (_options.BrokerCaCertificatePem is not null)
                {
                    o.WithCertificateValidationHandler(args => BrokerCertificateTrust.IsTrusted(args.Certificate, _options.BrokerCaCertificatePem));
                }
            });
        }

        return builder.Build();
    }
}
