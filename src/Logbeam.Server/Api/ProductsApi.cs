using Logbeam.Protocol;
using Logbeam.Server.Devices;
using Logbeam.Server.Observability;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Logbeam.Server.Api;

/// <summary><c>/api/v1/products</c>: list, create, one, its upload rules, and the product-wide default level.</summary>
internal static class ProductsApi
{
    public static RouteGroupBuilder MapProductsApi(this RouteGroupBuilder api)
    {
        var products = api.MapGroup("/products").WithTags("Products");
        products.MapGet("/", List);
        products.MapPost("/", CreateAsync);
        products.MapGet("/{productId}", Get);
        products.MapPatch("/{productId}", UpdateAsync)
            .WithDescription(
                "Changes the product's upload rules. allowCertificateKeyHmac: true lets certificate devices sign with the key " +
                "taken from their certificate; the certificate is public, so anyone holding it can then upload as the device.");
        products.MapPut("/{productId}/log-level", SetDefaultLevelAsync);
        return api;
    }

    private static Ok<IReadOnlyList<ProductResponse>> List(DeviceRegistry registry) =>
        TypedResults.Ok<IReadOnlyList<ProductResponse>>([.. registry.Products.Select(ProductResponse.From)]);

    private static Results<Ok<ProductResponse>, ProblemHttpResult> Get(string productId, DeviceRegistry registry) =>
        registry.FindProduct(productId) is { } product
            ? TypedResults.Ok(ProductResponse.From(product))
            : Problems.NotFound($"Product '{productId}' does not exist.");

    private static async Task<Results<Created<ProductResponse>, ProblemHttpResult>> CreateAsync(
        CreateProductRequest request, DeviceRegistry registry, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (request.ProductId is null)
        {
            return Problems.Invalid("productId is required.");
        }

        var level = DeviceLogLevel.Off;
        if (request.DefaultLogLevel is { } code && !TryLevel(code, out level))
        {
            return Problems.Invalid("defaultLogLevel must be 0 (off) to 4 (debug).");
        }

        try
        {
            var product = await registry.CreateProductAsync(
                request.ProductId, request.Name ?? request.ProductId, level,
                request.AllowCertificateKeyHmac ?? false, request.LegacyUploads ?? true, cancellationToken).ConfigureAwait(false);
            if (product.AllowCertificateKeyHmac || !product.LegacyUploads)
            {
                ServerLog.UploadRulesChanged(loggers.CreateLogger(typeof(ProductsApi)), product.ProductId, product.AllowCertificateKeyHmac, product.LegacyUploads);
            }

            return TypedResults.Created($"/api/v1/products/{Uri.EscapeDataString(product.ProductId)}", ProductResponse.From(product));
        }
        catch (DeviceRegistryException ex)
        {
            return Problems.From(ex);
        }
    }

    private static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> UpdateAsync(
        string productId, UpdateProductRequest request, DeviceRegistry registry, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (request.AllowCertificateKeyHmac is null && request.LegacyUploads is null)
        {
            return Problems.Invalid("Give allowCertificateKeyHmac or legacyUploads (true or false), or both.");
        }

        try
        {
            var product = await registry.SetProductUploadRulesAsync(productId, request.AllowCertificateKeyHmac, request.LegacyUploads, cancellationToken)
                .ConfigureAwait(false);
            ServerLog.UploadRulesChanged(loggers.CreateLogger(typeof(ProductsApi)), productId, product.AllowCertificateKeyHmac, product.LegacyUploads);
            return TypedResults.Ok(ProductResponse.From(product));
        }
        catch (DeviceRegistryException ex)
        {
            return Problems.From(ex);
        }
    }

    private static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> SetDefaultLevelAsync(
        string productId, SetLevelRequest request, DeviceRegistry registry, CancellationToken cancellationToken)
    {
        if (request.Level is not { } code || !TryLevel(code, out var level))
        {
            return Problems.Invalid("level must be 0 (off) to 4 (debug).");
        }

        if (request.ExpiresAt is not null)
        {
            return Problems.Invalid("A product default does not expire; set expiresAt on a device level instead.");
        }

        try
        {
            var product = await registry.SetProductDefaultLevelAsync(productId, level, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(ProductResponse.From(product));
        }
        catch (DeviceRegistryException ex)
        {
            return Problems.From(ex);
        }
    }

    internal static bool TryLevel(int code, out DeviceLogLevel level)
    {
        level = (DeviceLogLevel)code;
        return DeviceLogLevels.IsValid(code);
    }
}
