namespace Logbeam.Server.Api;

/// <summary>
/// Body of <c>PATCH /api/v1/products/{productId}</c>: the members given are changed, the others kept.
/// <c>allowCertificateKeyHmac</c> lets certificate devices sign HMAC uploads and legacy frames with the key taken from
/// their certificate, as Tencent's C SDK does in certificate mode; the certificate is public, so anyone holding it can
/// then upload as the device. <c>legacyUploads</c> turns <c>POST /cgi-bin/report-log</c> on or off for the product.
/// </summary>
public sealed record UpdateProductRequest(bool? AllowCertificateKeyHmac = null, bool? LegacyUploads = null);
