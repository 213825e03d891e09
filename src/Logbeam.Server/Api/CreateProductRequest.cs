namespace Logbeam.Server.Api;

/// <summary>
/// Body of <c>POST /api/v1/products</c>; <c>productId</c> is required. The upload rules are those of
/// <see cref="UpdateProductRequest"/>; left out, certificate-key HMAC is off and legacy uploads are on.
/// </summary>
public sealed record CreateProductRequest(
    string? ProductId, string? Name = null, int? DefaultLogLevel = null, bool? AllowCertificateKeyHmac = null, bool? LegacyUploads = null);
