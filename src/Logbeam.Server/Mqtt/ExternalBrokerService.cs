using System.Buffers;
using Logbeam.Protocol;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Logbeam.Server.Mqtt;

/// <summary>
/// Connects to the external broker, subscribes to every device's <c>$log</c> and <c>$sys</c> request topic, answers
/// what arrives, and reconnects by itself whenever the connection is lost.
/// </summary>
internal sealed class ExternalBrokerService(
    ExternalBroker broker, DeviceOperations operations, IOptions<MqttOptions> options, ILogger<ExternalBrokerService> logger)
    : BackgroundService
{
    // The MQTT keep-alive with the external broker: a silent connection is noticed as lost within about one and a half
    // times this (MQTT 3.1.1 §3.1.2.10), without pinging a broker that serves many clients more than twice a minute.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);

    // At stop, the goodbye to the external broker waits no longer than this: the broker ends the connection by itself
    // once the keep-alive passes.
    private static readonly TimeSpan DisconnectPatience = TimeSpan.FromSeconds(5);

    private readonly ExternalBrokerOptions _external = options.Value.External;
    private TaskCompletionSource _lost = NewSignal();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var client = broker.Client;
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        client.DisconnectedAsync += OnDisconnectedAsync;
        var delay = TimeSpan.FromSeconds(Math.Max(1, _external.ReconnectDelaySeconds));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await TryConnectAsync(stoppingToken).ConfigureAwait(false))
                {
                    await _lost.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
                }

                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            client.DisconnectedAsync -= OnDisconnectedAsync;
            client.ApplicationMessageReceivedAsync -= OnMessageAsync;
            if (client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(DisconnectPatience);
                await client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> TryConnectAsync(CancellationToken cancellationToken)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_external.Host, _external.Port)
            .WithClientId(_external.ClientId)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(KeepAlive);
        if (_external.Username is not null)
        {
            builder = builder.WithCredentials(_external.Username, _external.Password);
        }

        if (_external.UseTls)
        {
            builder = builder.WithTlsOptions(tls => tls.UseTls(true));
        }

        try
        {
            _lost = NewSignal();
            var result = await broker.Client.ConnectAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                Unreachable(result.ResultCode.ToString());
                return false;
            }

            var subscribe = new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(Topics.LogOperationFilter, MqttQualityOfServiceLevel.AtMostOnce)
                .WithTopicFilter(Topics.SysOperationFilter, MqttQualityOfServiceLevel.AtMostOnce)
                .Build();
            await broker.Client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
            MqttLog.ExternalConnected(logger, _external.Host, _external.Port, _external.ClientId);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Unreachable(ex.Message);
            return false;
        }
    }

    private void Unreachable(string reason) =>
        MqttLog.ExternalUnreachable(logger, _external.Host, _external.Port, reason, Math.Max(1, _external.ReconnectDelaySeconds));

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        if (e.ClientWasConnected)
        {
            MqttLog.ExternalDisconnected(logger, e.ReasonString ?? e.Reason.ToString());
        }

        _lost.TrySetResult();
        return Task.CompletedTask;
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var payload = e.ApplicationMessage.Payload;
        await operations.HandleAsync(e.ApplicationMessage.Topic, payload.IsSingleSegment ? payload.First : payload.ToArray(), CancellationToken.None)
            .ConfigureAwait(false);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
