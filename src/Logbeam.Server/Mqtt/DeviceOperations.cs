using Logbeam.Protocol;
using Logbeam.Server.Accounting;
using Logbeam.Server.Devices;
using Logbeam.Server.Observability;

namespace Logbeam.Server.Mqtt;

/// <summary>
/// The platform's half of the <c>$log</c> (§2) and <c>$sys</c> (§3) exchanges: a request published on a device's
/// operation topic is answered on its result topic, through whichever <see cref="IDeviceChannel"/> is in use.
/// </summary>
public sealed class DeviceOperations(
    DeviceRegistry registry, DevicePresence presence, DeviceActivity activity, IDeviceChannel channel, MqttMetrics metrics, TimeProvider time,
    ILogger<DeviceOperations> logger)
{
    /// <summary>Answers a message if it was published on a request topic.</summary>
    /// <returns><see langword="false"/> when <paramref name="topic"/> is not a <c>$log</c> or <c>$sys</c> request topic.</returns>
    public async Task<bool> HandleAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var received = time.GetUtcNow();
        if (!Topics.TryParseOperation(topic, out var kind, out var productId, out var deviceName))
        {
            return false;
        }

        if (!registry.TryGetDevice(productId, deviceName, out var registered) || !registered.Device.Enabled)
        {
            MqttLog.RequestIgnored(logger, LogValue.Printable(topic), "no such enabled device");
            return true;
        }

        presence.Seen(productId, deviceName);
        var (replyTopic, reply) = kind == OperationKind.Log
            ? (Topics.LogOperationResult(productId, deviceName), LevelReply(registered.Device, payload.Span, received))
            : (Topics.SysOperationResult(productId, deviceName), TimeReply(payload.Span, received));
        if (reply is null)
        {
            MqttLog.RequestIgnored(logger, LogValue.Printable(topic), "not a request this platform answers");
            return true;
        }

        if (kind == OperationKind.Sys)
        {
            activity.TimeSynced(registered.Device.Id);
        }

        try
        {
            await channel.PublishAsync(replyTopic, reply, cancellationToken).ConfigureAwait(false);
            metrics.Answered(kind == OperationKind.Log ? "log" : "sys");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            MqttLog.AnswerFailed(logger, ex, topic);
        }

        return true;
    }

    private byte[]? LevelReply(Device device, ReadOnlySpan<byte> payload, DateTimeOffset now) =>
        LogLevelMessages.TryParseRequest(payload, out var clientToken)
            ? LogLevelMessages.FormatReply(registry.EffectiveLevel(device), clientToken, now.ToUnixTimeSeconds())
            : null;

    private byte[]? TimeReply(ReadOnlySpan<byte> payload, DateTimeOffset received) =>
        TimeMessages.IsTimeRequest(payload)
            ? TimeMessages.FormatReply(received.ToUnixTimeSeconds(), received.ToUnixTimeMilliseconds(), time.GetUtcNow().ToUnixTimeMilliseconds())
            : null;
}
