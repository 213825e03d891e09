using System.Globalization;
using Logbeam.Server.Mqtt;
using Logbeam.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary>Logbeam in external mode, a client of a Mosquitto that the fixture starts first and kills last.</summary>
public sealed class ExternalModeServer : LogbeamServer
{
    public const string BridgeUsername = "logbeam";
    public const string BridgePassword = "bridge-secret";

    public ExternalModeServer()
        : this(new MosquittoBroker())
    {
    }

    private ExternalModeServer(MosquittoBroker mosquitto)
        : base(new()
        {
            ["Mqtt:Mode"] = "External",
            ["Mqtt:External:Host"] = "127.0.0.1",
            ["Mqtt:External:Port"] = mosquitto.Port.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:External:Username"] = BridgeUsername,
            ["Mqtt:External:Password"] = BridgePassword,
            ["Mqtt:External:ReconnectDelaySeconds"] = "1",
        }) => Mosquitto = mosquitto;

    public MosquittoBroker Mosquitto { get; }

    public override async Task InitializeAsync()
    {
        await Mosquitto.StartAsync();
        await base.InitializeAsync();
        await WaitForBridgeAsync();
    }

    /// <summary>Waits until Logbeam is connected and subscribed to Mosquitto.</summary>
    public async Task WaitForBridgeAsync()
    {
        var client = Services.GetRequiredService<ExternalBroker>().Client;
        await LevelsApi.EventuallyAsync(() => Task.FromResult(client.IsConnected), $"Logbeam connected to Mosquitto. Mosquitto said:\n{Mosquitto.Output}");
        // Connected comes just before the SUBSCRIBE is acknowledged: wait for Mosquitto to acknowledge it.
        await Mosquitto.WaitForSubscriptionAsync(Services.GetRequiredService<IOptions<MqttOptions>>().Value.External.ClientId, TestDevice.Patience);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Mosquitto.Dispose();
    }
}
