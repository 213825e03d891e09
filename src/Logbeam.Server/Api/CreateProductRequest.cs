namespace Logbeam.Server.Api;

/// <summary>Body of <c>POST /api/v1/products</c>.</summary>
public sealed record CreateProductRequest(string? ProductId, string? Name, int? DefaultLogLevel);
