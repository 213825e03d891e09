using System.Buffers;
using System.Net;
using Logbeam.Protocol;
using Logbeam.Server.Accounting;
using Logbeam.Server.Devices;
using Logbeam.Server.Observability;
using Microsoft.Extensions.Options;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Logbeam.Server.Mqtt;

/// <summary>
/// The embedded broker's rules for devices: who may connect (§1.3), which topics each may use, what its requests are
/// answered with, and who is online. A device disabled or deleted while connected is disconnected.
/// </summary>
public sealed class DeviceSessions(
    EmbeddedBroker broker, DeviceAuthenticator authenticator, DeviceOperations operations, DeviceRegistry registry,
    DevicePresence presence, DeviceActivity activity, MqttMetrics metrics, IOptions<MqttOptions> options, ILogger<DeviceSessions> logger)
{
    private readonly uint _maxPacketBytes = (uint)options.Value.MaxPacketBytes;

    // Connected key devices by client id, with the key each connected with.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DeviceIdentity> _keyed = new(StringComparer.Ordinal);

    public void Attach()
    {
        var server = broker.Server;
        server.ValidatingConnectionAsync += ValidateAsync;
        server.ClientConnectedAsync += ConnectedAsync;
        server.ClientDisconnectedAsync += DisconnectedAsync;
        server.InterceptingInboundPacketAsync += InboundAsync;
        server.InterceptingOutboundPacketAsync += OutboundAsync;
        server.InterceptingPublishAsync += PublishAsync;
        server.InterceptingSubscriptionAsync += SubscribeAsync;
        server.ClientUnsubscribedTopicAsync += UnsubscribedAsync;
        server.SessionDeletedAsync += SessionDeletedAsync;
        registry.DeviceChanged += OnDeviceChanged;
    }

    public void Detach() => registry.DeviceChanged -= OnDeviceChanged;

    private Task ValidateAsync(ValidatingConnectionEventArgs e)
    {
        var result = broker.Listener.ConnectionOf(e.ChannelAdapter)?.Psk is { } psk
            ? authenticator.AuthenticatePsk(e.ClientId, e.UserName, psk)
            : authenticator.Authenticate(e.ClientId, e.UserName, e.Password, e.ClientCertificate);
        metrics.Connect(result.Outcome);
        if (!result.Accepted)
        {
            e.ReasonCode = result.Outcome switch
            {
                ConnectOutcome.UnknownDevice or ConnectOutcome.ClientIdMismatch => MqttConnectReasonCode.ClientIdentifierNotValid,
                ConnectOutcome.Disabled or ConnectOutcome.CertificateRequired or ConnectOutcome.PskIdentityMismatch => MqttConnectReasonCode.NotAuthorized,
                _ => MqttConnectReasonCode.BadUserNameOrPassword,
            };
            MqttLog.ConnectRefused(logger, LogValue.Printable(e.ClientId), Describe(e.RemoteEndPoint), result.Outcome);
            return Task.CompletedTask;
        }

        e.SessionItems[DeviceIdentity.SessionKey] = new DeviceIdentity(result.Device!.ProductId, result.Device.DeviceName) { Key = result.Key };
        return Task.CompletedTask;
    }

    private Task ConnectedAsync(ClientConnectedEventArgs e)
    {
        if (DeviceIdentity.Of(e.SessionItems) is { } device)
        {
            var remote = Describe(e.RemoteEndPoint);
            presence.Connected(device.ProductId, device.DeviceName, remote);
            if (registry.TryGetDevice(device.ProductId, device.DeviceName, out var registered))
            {
                activity.Connected(registered.Device.Id);
            }
            if (device.Key is not null)
            {
                _keyed[e.ClientId] = device;
            }

            metrics.SetOnline(presence.OnlineCount);
            MqttLog.DeviceConnected(logger, LogValue.Printable(e.ClientId), remote);
        }

        return Task.CompletedTask;
    }

    private Task DisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        // On a takeover the new connection is the device's, and it is online.
        if (e.DisconnectType != MqttClientDisconnectType.Takeover && DeviceIdentity.Of(e.SessionItems) is { } device)
        {
            presence.Disconnected(device.ProductId, device.DeviceName);
            if (registry.TryGetDevice(device.ProductId, device.DeviceName, out var registered))
            {
                activity.Disconnected(registered.Device.Id);
            }
            metrics.SetOnline(presence.OnlineCount);
            _keyed.TryRemove(e.ClientId, out _);
        }

        MqttLog.DeviceDisconnected(logger, LogValue.Printable(e.ClientId), e.DisconnectType.ToString());
        return Task.CompletedTask;
    }

    private Task InboundAsync(InterceptingPacketEventArgs e)
    {
        if (DeviceIdentity.Of(e.SessionItems) is { } device)
        {
            presence.Seen(device.ProductId, device.DeviceName);
        }

        return Task.CompletedTask;
    }

    private Task OutboundAsync(InterceptingPacketEventArgs e)
    {
        // MQTT 5 clients learn the bound the listener holds them to (§3.2.2.3.6); 3.1.1 has no such property.
        if (e.Packet is MqttConnAckPacket connAck)
        {
            connAck.MaximumPacketSize = _maxPacketBytes;
        }

        return Task.CompletedTask;
    }

    private async Task PublishAsync(InterceptingPublishEventArgs e)
    {
        if (string.IsNullOrEmpty(e.ClientId))
        {
            return; // published by the server itself, not by a device
        }

        var topic = e.ApplicationMessage.Topic;
        if (DeviceIdentity.Of(e.SessionItems) is not { } device || !TopicPolicy.MayPublish(device.ProductId, device.DeviceName, topic))
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            metrics.RefusedPublish();
            MqttLog.PublishRefused(logger, LogValue.Printable(e.ClientId), LogValue.Printable(topic));
            return;
        }

        var payload = e.ApplicationMessage.Payload;
        if (await operations.HandleAsync(topic, payload.IsSingleSegment ? payload.First : payload.ToArray(), e.CancellationToken)
            .ConfigureAwait(false))
        {
            e.ProcessPublish = false; // answered here; nobody else may subscribe to a request topic
        }
    }

    private Task SubscribeAsync(InterceptingSubscriptionEventArgs e)
    {
        var filter = e.TopicFilter.Topic;
        if (DeviceIdentity.Of(e.SessionItems) is not { } device || !TopicPolicy.MaySubscribe(device.ProductId, device.DeviceName, filter))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            metrics.RefusedSubscribe();
            MqttLog.SubscribeRefused(logger, LogValue.Printable(e.ClientId), LogValue.Printable(filter));
        }
        else if (IsResultTopic(device, filter))
        {
            broker.ResultTopicSubscribed(filter, e.Session);
        }

        return Task.CompletedTask;
    }

    private Task UnsubscribedAsync(ClientUnsubscribedTopicEventArgs e)
    {
        if (DeviceIdentity.Of(e.SessionItems) is { } device && IsResultTopic(device, e.TopicFilter))
        {
            broker.ResultTopicUnsubscribed(e.TopicFilter, e.ClientId);
        }

        return Task.CompletedTask;
    }

    private Task SessionDeletedAsync(SessionDeletedEventArgs e)
    {
        if (DeviceIdentity.Of(e.SessionItems) is { } device)
        {
            broker.SessionEnded(
                [Topics.LogOperationResult(device.ProductId, device.DeviceName), Topics.SysOperationResult(device.ProductId, device.DeviceName)],
                e.SessionItems);
        }

        return Task.CompletedTask;
    }

    private static bool IsResultTopic(DeviceIdentity device, string topic) =>
        topic == Topics.LogOperationResult(device.ProductId, device.DeviceName)
        || topic == Topics.SysOperationResult(device.ProductId, device.DeviceName);

    private void OnDeviceChanged(DeviceChange change)
    {
        if (change.Kind == DeviceChangeKind.Enabled)
        {
            return;
        }

        var clientId = change.ProductId + change.DeviceName;
        if (change.Kind == DeviceChangeKind.KeyRetired)
        {
            if (_keyed.TryGetValue(clientId, out var session) && !registry.AcceptsKey(change.ProductId, change.DeviceName, session.Key!))
            {
                MqttLog.ClosingDevice(logger, change.ProductId, change.DeviceName, "key retired");
                _ = DisconnectAsync(clientId);
            }

            return;
        }

        var wasOnline = presence.IsOnline(change.ProductId, change.DeviceName);
        if (change.Kind == DeviceChangeKind.Deleted)
        {
            presence.Forget(change.ProductId, change.DeviceName);
            metrics.SetOnline(presence.OnlineCount);
        }

        if (wasOnline)
        {
            MqttLog.ClosingDevice(logger, change.ProductId, change.DeviceName, change.Kind.ToString().ToLowerInvariant());
            _ = DisconnectAsync(clientId);
        }
    }

    private async Task DisconnectAsync(string clientId)
    {
        try
        {
            await broker.Server.DisconnectClientAsync(clientId, MqttDisconnectReasonCode.AdministrativeAction).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // It went away by itself meanwhile.
        }
    }

    private static string? Describe(EndPoint? endPoint) => endPoint?.ToString();
}
