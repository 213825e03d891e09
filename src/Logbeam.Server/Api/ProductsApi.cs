using Logbeam.Protocol;
using Logbeam.Server.Devices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Api;

/// <summary><c>/api/v1/products</c>: list, create, one, its upload rules, and the product-wide default level.</summary>
internal static class ProductsApi
{
    public static RouteGroupBuilder MapProductsApi(this RouteGroupBuilder api)
    {
        var products = api.MapGroup("/products").WithTags("Products");
        products.MapGet("/", List).WithSummary("List products");
        products.MapPost("/", CreateAsync).WithSummary("Create a product")
            .WithDescription(
                "productId is required; name defaults to it. defaultLogLevel is the level devices without their own are told: " +
                "0-4 or a name (off, error, warn, info, debug; any case), e.g. {\"productId\":\"P\",\"defaultLogLevel\":\"info\"}. " +
                "Left out, it is off.");
        products.MapGet("/{productId}", Get).WithSummary("Show a product");
        products.MapPatch("/{productId}", UpdateAsync).WithSummary("Change a product's upload rules")
            .WithDescription(
                "Changes the product's upload rules. allowCertificateKeyHmac: true lets certificate devices sign with the key " +
                "taken from their certificate; the certificate is public, so anyone holding it can then upload as the device.");
        products.MapPut("/{productId}/log-level", SetDefaultLevelAsync).WithSummary("Set a product's default log level")
            .WithDescription(
                "Body {\"defaultLogLevel\":\"warn\"} (0-4 or a level name). Devices without a level of their own are told at once. " +
                "The member was called level before; that name is deprecated and still accepted for one release.");
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

        if (request.DefaultLogLevel is { IsValid: false })
        {
            return Problems.Invalid(LevelInput.Refusal("defaultLogLevel", nullAllowed: true));
        }

        var level = request.DefaultLogLevel?.Level ?? DeviceLogLevel.Off;

        try
        {
            var product = await registry.CreateProductAsync(
                request.ProductId, request.Name ?? request.ProductId, level,
                request.AllowCertificateKeyHmac ?? false, request.LegacyUploads ?? true, cancellationToken).ConfigureAwait(false);
            if (product.AllowCertificateKeyHmac || !product.LegacyUploads)
            {
                ApiLog.UploadRulesChanged(loggers.CreateLogger(typeof(ProductsApi)), product.ProductId, product.AllowCertificateKeyHmac, product.LegacyUploads);
            }

            return TypedResults.Created($"{ManagementApiExtensions.Prefix}/products/{Uri.EscapeDataString(product.ProductId)}", ProductResponse.From(product));
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
            ApiLog.UploadRulesChanged(loggers.CreateLogger(typeof(ProductsApi)), productId, product.AllowCertificateKeyHmac, product.LegacyUploads);
            return TypedResults.Ok(ProductResponse.From(product));
        }
        catch (DeviceRegistryException ex)
        {
            return Problems.From(ex);
        }
    }

    private static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> SetDefaultLevelAsync(
        string productId, SetProductLevelRequest request, DeviceRegistry registry, IOptions<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        if (!request.TryRead(options.Value.AcceptDeprecatedNames, out var level, out var error))
        {
            return Problems.Invalid(error);
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
}
