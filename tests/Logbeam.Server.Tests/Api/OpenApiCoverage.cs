using System.Net.Http.Json;
using System.Text.Json;
using Logbeam.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Logbeam.Server.Tests.Api;

/// <summary>Compares <c>/openapi/v1.json</c> with the routes a running server really maps.</summary>
internal static class OpenApiCoverage
{
    /// <summary>
    /// Routes that are deliberately not part of the described API. The console's static files are not here: they are
    /// served by middleware, not by routes.
    /// </summary>
    public static readonly IReadOnlySet<string> NotApi = new HashSet<string>(StringComparer.Ordinal)
    {
        "/mqtt", // MQTT over WebSocket, for devices' MQTT clients (docs/mqtt.md)
        "/metrics", // Prometheus scrape, in Prometheus's text format
        "/healthz", // liveness probe
        "/openapi/{documentName}.json", // the document itself
    };

    /// <summary>Every mapped route (path and method) outside <see cref="NotApi"/>, as the document spells it.</summary>
    public static IReadOnlyList<(string Path, string Method)> MappedRoutes(LogbeamServer server)
    {
        var routes = new List<(string, string)>();
        foreach (var endpoint in server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            if (NotApi.Contains(path))
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            Assert.True(methods is { Count: > 0 }, $"{path} is mapped for every method; map it for the methods it serves, or list it in NotApi.");
            routes.AddRange(methods.Select(method => (path, method.ToLowerInvariant())));
        }

        return routes;
    }

    public static async Task AssertDescribesEveryRouteAsync(LogbeamServer server)
    {
        var document = await server.Device.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        var mapped = MappedRoutes(server);
        Assert.NotEmpty(mapped);

        foreach (var (path, method) in mapped)
        {
            var operation = default(JsonElement);
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out operation),
                $"{method.ToUpperInvariant()} {path} is mapped but not in the OpenAPI document.");
            Assert.True(operation.TryGetProperty("summary", out var summary) && !string.IsNullOrWhiteSpace(summary.GetString()),
                $"{method.ToUpperInvariant()} {path} has no summary (WithSummary).");
        }

        // And the other way: the document describes nothing the server does not answer.
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                Assert.Contains((path.Name, method.Name), mapped);
            }
        }
    }
}
