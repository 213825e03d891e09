using System.Net.Http.Json;
using System.Text.Json;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Api;

/// <summary>The OpenAPI document describes every route the server maps, device uploads included, each with a summary.</summary>
public sealed class OpenApiDocumentTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Fact]
    public async Task Document_DescribesEveryMappedRoute_WithASummary() =>
        await OpenApiCoverage.AssertDescribesEveryRouteAsync(server);

    [Theory]
    [InlineData("/device/reportlog")]
    [InlineData("/cgi-bin/report-log")]
    public async Task Document_DescribesTheUploadEndpoints(string path)
    {
        var document = await server.Device.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var operation = document.GetProperty("paths").GetProperty(path).GetProperty("post");

        Assert.Contains("Device uploads", operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("description").GetString()));
    }

    [Theory]
    [InlineData("SetDeviceLevelRequest", "logLevel", "level")]
    [InlineData("SetDeviceLevelRequest", "levelExpiresAt", "expiresAt")]
    [InlineData("SetProductLevelRequest", "defaultLogLevel", "level")]
    public async Task Document_MarksOldRequestNamesDeprecated_AndLevelsAsNumberOrName(string schema, string current, string old)
    {
        var document = await server.Device.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var properties = document.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("properties");

        Assert.False(properties.GetProperty(current).TryGetProperty("deprecated", out _));
        Assert.True(properties.GetProperty(old).GetProperty("deprecated").GetBoolean());
        Assert.Contains(current, properties.GetProperty(old).GetProperty("description").GetString(), StringComparison.Ordinal);
        if (current.EndsWith("LogLevel", StringComparison.Ordinal))
        {
            var types = properties.GetProperty(current).GetProperty("type").EnumerateArray().Select(t => t.GetString()).ToList();
            Assert.Contains("integer", types);
            Assert.Contains("string", types);
        }
    }
}
