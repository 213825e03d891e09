using MQTTnet;

namespace Logbeam.Server.Mqtt;

/// <summary>
/// Logbeam's client connection to an external broker, the <see cref="IDeviceChannel"/> of the external mode.
/// <see cref="ExternalBrokerService"/> keeps it connected.
/// </summary>
public sealed class ExternalBroker : IDeviceChannel, IDisposable
{
    public IMqttClient Client { get; } = new MqttClientFactory().CreateMqttClient();

    /// <summary>The broker knows who is connected; Logbeam does not.</summary>
    public bool KnowsPresence => false;

    public async Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        if (!Client.IsConnected)
        {
            throw new InvalidOperationException("Not connected to the external MQTT broker; the message is dropped.");
        }

        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).Build();
        await Client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => Client.Dispose();
}
