using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Mqtt.Connections;

/// <summary>A server whose broker gives a new connection 2 s to send its CONNECT, instead of the default 10 s.</summary>
public sealed class LimitsServer : LogbeamServer
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    public LimitsServer()
        : base(new() { ["Mqtt:ConnectTimeout"] = ConnectTimeout.ToString() })
    {
    }
}
