using System.Net;
using System.Net.Http.Headers;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Api;

/// <summary>With no Api:AdminKey configured, the first start makes one, stores it, prints it once, and keeps it.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class GeneratedAdminKeyTests : IDisposable
{
    private readonly string _dataDirectory = TempDirectory.Create("logbeam-key");

    [Fact]
    public async Task FirstStart_GeneratesStoresAndPrintsTheKey_LaterStartsReuseItSilently()
    {
        string key;
        await using (var first = await ServerProcess.StartAsync(_dataDirectory, adminKey: null))
        {
            var keyFile = Path.Combine(_dataDirectory, "admin.key");
            Assert.True(File.Exists(keyFile));
            key = (await File.ReadAllTextAsync(keyFile)).Trim();
            Assert.True(key.Length >= 32);

            // The file is the key and nothing else (no byte-order mark), so `ADMIN_KEY=$(cat data/admin.key)` works.
            Assert.Equal(System.Text.Encoding.ASCII.GetBytes(key), await File.ReadAllBytesAsync(keyFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            Assert.Contains(key, first.Output, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, await ProductsStatusAsync(first.BaseAddress, key));
            Assert.Equal(HttpStatusCode.Unauthorized, await ProductsStatusAsync(first.BaseAddress, "guess"));
        }

        await using var second = await ServerProcess.StartAsync(_dataDirectory, adminKey: null);
        Assert.Equal(HttpStatusCode.OK, await ProductsStatusAsync(second.BaseAddress, key));
        Assert.DoesNotContain(key, second.Output, StringComparison.Ordinal);
    }

    public void Dispose() => TempDirectory.Delete(_dataDirectory);

    private static async Task<HttpStatusCode> ProductsStatusAsync(Uri baseAddress, string key)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.GetAsync("/api/v1/products");
        return response.StatusCode;
    }
}
