namespace Logbeam.Server.Mqtt;

/// <summary>
/// The way to a device's result topics: the embedded broker, or the connection to an external one. The exchange
/// logic (<see cref="DeviceOperations"/>, <see cref="LevelPusher"/>) is written once against this.
/// </summary>
public interface IDeviceChannel
{
    /// <summary>
    /// Whether the channel knows which devices are connected (the embedded broker does); when it does not, pushes
    /// go to every device concerned and the broker drops those nobody is subscribed for.
    /// </summary>
    bool KnowsPresence { get; }

    /// <summary>Publishes <paramref name="payload"/> on <paramref name="topic"/> at QoS 0, as the SDKs subscribe.</summary>
    Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken);
}
