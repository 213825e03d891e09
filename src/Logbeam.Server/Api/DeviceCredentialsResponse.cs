using Logbeam.Server.Accounting;
using Logbeam.Protocol;
using Logbeam.Server.Devices;

namespace Logbeam.Server.Api;

/// <summary>
/// The answer to creating a device: the only time its PSK is shown. <c>SigningKey</c> is what HTTP signatures
/// and legacy frames are keyed with (the PSK, or for a cert device the certificate key of protocol.md §8.7).
/// Also the answer to a key rotation, the only time the new PSK is shown. <c>MqttPort</c>, <c>MqttTlsPort</c> and
/// <c>HttpsPort</c> are where the device reaches this node (null when off).
/// </summary>
public sealed record DeviceCredentialsResponse(
    DeviceResponse Device,
    string? Psk,
    string SigningKey,
    string ClientId,
    string ReportLogPath,
    string LegacyReportPath,
    string CanonicalHost,
    int? MqttPort,
    int? MqttTlsPort,
    int? HttpsPort)
{
    public static DeviceCredentialsResponse From(
        RegisteredDevice registered, DeviceRegistry registry, DevicePresence presence, DeviceActivityReport activity, DeviceEndpoints endpoints)
    {
        var device = registered.Device;
        return new(
            DeviceResponse.From(device, registry, presence, activity),
            device.Psk,
            device.Psk ?? registered.Secret.CertificateKey!,
            device.ProductId + device.DeviceName,
            UploadPaths.ReportLog,
            UploadPaths.Legacy,
            endpoints.CanonicalHost,
            endpoints.MqttPort,
            endpoints.MqttTlsPort,
            endpoints.HttpsPort);
    }
}
