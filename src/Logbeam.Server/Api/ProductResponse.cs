using Logbeam.Server.Devices;

namespace Logbeam.Server.Api;

/// <summary>A product as the API shows it.</summary>
public sealed record ProductResponse(
    string ProductId, string Name, int DefaultLogLevel, DateTimeOffset CreatedAt, bool AllowCertificateKeyHmac, bool LegacyUploads)
{
    public static ProductResponse From(Product product) =>
        new(product.ProductId, product.Name, (int)product.DefaultLogLevel, product.CreatedAt, product.AllowCertificateKeyHmac, product.LegacyUploads);
}
