using Logbeam.Protocol;
using Logbeam.Server.Devices;

namespace Logbeam.Server.Api;

/// <summary>
/// The answer to creating a device: the only time its PSK is shown. <c>SigningKey</c> is what HTTP signatures
/// and legacy frames are keyed with (the PSK, or for a cert device the certificate key of protocol.md §8.7).
/// Also the answer to a key rotation, the only time the new PSK is shown.
/// </summary>
public sealed record DeviceCredentialsResponse(
    DeviceResponse Device,
    string? Psk,
    string SigningKey,
    string ClientId,
    string ReportLogPath,
    string LegacyReportPath,
    string CanonicalHost)
{
    public static DeviceCredentialsResponse From(RegisteredDevice registered, DeviceRegistry registry, DevicePresence presence, string canonicalHost)
    {
        var device = registered.Device;
        return new(
            DeviceResponse.From(device, registry, presence),
            device.Psk,
            device.Psk ?? registered.Secret.CertificateKey!,
            device.ProductId + device.DeviceName,
            UploadPaths.ReportLog,
            UploadPaths.Legacy,
            canonicalHost);
    }
}
