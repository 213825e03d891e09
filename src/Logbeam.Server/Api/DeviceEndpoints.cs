using Logbeam.Server.Ingest;
using Logbeam.Server.Mqtt;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Api;

/// <summary>
/// Where devices reach this node, as the credentials shown at registration say it: the embedded broker's ports and the
/// HTTPS port uploads can use, read from what is really listening (ports configured as 0 included), and the host their
/// signatures name. The API reads the device-facing features (Ingest, Mqtt) here only.
/// </summary>
public sealed class DeviceEndpoints(IServer server, IServiceProvider services, IOptions<IngestOptions> ingest)
{
    /// <summary>The host name devices put in their StringToSign (<see cref="IngestOptions.CanonicalHost"/>).</summary>
    public string CanonicalHost => ingest.Value.CanonicalHost;

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
