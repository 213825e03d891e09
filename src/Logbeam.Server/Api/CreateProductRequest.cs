namespace Logbeam.Server.Api;

/// <summary>
/// Body of <c>POST /api/v1/products</c>; <c>productId</c> is required. <c>defaultLogLevel</c> is a level (0-4 or a
/// name such as <c>"info"</c>); left out or null, it is off. The upload rules are those of
/// <see cref="UpdateProductRequest"/>; left out, certificate-key HMAC is off and legacy uploads are on.
/// </summary>
public sealed record CreateProductRequest(
    string? ProductId, string? Name = null, LevelInput? DefaultLogLevel = null, bool? AllowCertificateKeyHmac = null, bool? LegacyUploads = null);
