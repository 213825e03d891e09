using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Mqtt.Connections;

/// <summary>A server whose broker holds at most <see cref="MaxConnections"/> connections at once.</summary>
public sealed class CappedServer : LogbeamServer
{
    public const int MaxConnections = 2;

    public CappedServer()
        : base(new() { ["Mqtt:MaxConnections"] = MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture) })
    {
    }
}
