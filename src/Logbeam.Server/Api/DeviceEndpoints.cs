using Logbeam.Server.Mqtt;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Logbeam.Server.Api;

/// <summary>
/// Where devices reach this node, as the credentials shown at registration say it: the embedded broker's ports and the
/// HTTPS port uploads can use, read from what is really listening (ports configured as 0 included).
/// </summary>
public sealed class DeviceEndpoints(IServer server, IServiceProvider services)
{
    /// <summary>The embedded broker's plain TCP port; null when it is off or the broker is external.</summary>
    public int? MqttPort => services.GetService<EmbeddedBroker>()?.TcpPort;

    /// <summary>The embedded broker's TLS port; null when it is off or the broker is external.</summary>
    public int? MqttTlsPort => services.GetService<EmbeddedBroker>()?.TlsPort;

    /// <summary>The port of the first HTTPS address the server listens on; null when it has none.</summary>
    public int? HttpsPort
    {
        get
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
                {
                    return uri.Port;
                }
            }

            return null;
        }
    }
}
