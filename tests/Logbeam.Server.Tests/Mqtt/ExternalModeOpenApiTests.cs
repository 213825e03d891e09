using Logbeam.Server.Tests.Api;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary>In external mode the server maps the broker's auth callbacks; the OpenAPI document describes them too.</summary>
public sealed class ExternalModeOpenApiTests(ExternalModeServer server) : IClassFixture<ExternalModeServer>
{
    [Fact]
    public async Task Document_DescribesEveryMappedRoute_BrokerCallbacksIncluded()
    {
        Assert.Contains(("/mqtt/auth", "post"), OpenApiCoverage.MappedRoutes(server));
        await OpenApiCoverage.AssertDescribesEveryRouteAsync(server);
    }
}
