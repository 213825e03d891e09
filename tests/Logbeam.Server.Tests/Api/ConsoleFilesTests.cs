using System.Net;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Api;

/// <summary>The web console is served at <c>/</c> from the assembly, without the admin key (the page asks for it).</summary>
public sealed class ConsoleFilesTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/index.html", "text/html")]
    public async Task ConsoleFiles_AreServed_WithAStrictPolicy(string path, string mediaType)
    {
        using var response = await server.Device.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("Logbeam", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownFile_IsNotFound()
    {
        using var response = await server.Device.GetAsync("/no-such-file.js");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
