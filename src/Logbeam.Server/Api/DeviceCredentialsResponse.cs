namespace Logbeam.Server.Api;

/// <summary>
/// The answer to creating a device: the only time its PSK is shown. <c>SigningKey</c> is what HTTP signatures
/// and legacy frames are keyed with (the PSK, or for a cert device the certificate key of protocol.md §8.7).
/// </summary>
public sealed record DeviceCredentialsResponse(
    DeviceResponse Device,
    string? Psk,
    string SigningKey,
    string ClientId,
    string ReportLogPath,
    string LegacyReportPath,
    string CanonicalHost);
