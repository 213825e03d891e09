using Logbeam.Protocol;

namespace Logbeam.Server.Devices;

/// <summary>A product: a family of devices sharing a default log level and the rules for their uploads.</summary>
/// <param name="AllowCertificateKeyHmac">
/// Whether certificate devices may sign HMAC uploads and legacy frames with the key taken from their certificate
/// (protocol.md §8.7), which anyone holding the certificate can compute. The default value is <c>false</c>.
/// </param>
/// <param name="LegacyUploads">Whether <c>POST /cgi-bin/report-log</c> frames are accepted. The default value is <c>true</c>.</param>
public sealed record Product(
    string ProductId,
    string Name,
    DeviceLogLevel DefaultLogLevel,
    DateTimeOffset CreatedAt,
    bool AllowCertificateKeyHmac = false,
    bool LegacyUploads = true);
