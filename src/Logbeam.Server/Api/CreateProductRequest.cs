namespace Logbeam.Server.Api;

/// <summary>Body of <c>POST /api/v1/products</c>; <c>productId</c> is required.</summary>
public sealed record CreateProductRequest(string? ProductId, string? Name = null, int? DefaultLogLevel = null);
