using System.Net.Http.Json;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Storage;

/// <summary>
/// The data directory holds every device's PSK: the server makes it 0700 and every file in it 0600 (the database, its
/// -wal and -shm, the index file and its own, admin.key), whatever the umask.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFileModeTests : IDisposable
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = PrivateFile | UnixFileMode.UserExecute;

    private readonly string _root = TempDirectory.Create("logbeam-modes");

    [Fact]
    public async Task AfterStartAndAnUpload_DirectoryIs0700_AndEveryFileIn_It0600()
    {
        var dataDirectory = Path.Combine(_root, "data");
        await using (var server = await ServerProcess.StartAsync(dataDirectory, adminKey: null))
        {
            var key = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "admin.key"))).Trim();
            server.Admin.DefaultRequestHeaders.Authorization = new("Bearer", key);
            (await server.Admin.PostAsJsonAsync("/api/v1/products", new { productId = "MODES", defaultLogLevel = 4 })).EnsureSuccessStatusCode();
            var created = await (await server.Admin.PostAsJsonAsync("/api/v1/products/MODES/devices", new { deviceName = "d" }))
                .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            using var device = new HttpClient { BaseAddress = server.BaseAddress };
            var upload = Uploads.Hmac(Uploads.CBody("MODES", "d", "INF|2026-01-01 12:00:00|t|searchable line"), created.GetProperty("psk").GetString()!);
            Assert.Null(await Uploads.SendForCodeAsync(device, upload));

            // Wait for the full-text index to take the line, so its files are written too.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((await LogsClient.QueryAsync(server.Admin, "productId=MODES&q=searchable")).Items.Count == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            AssertPrivate(dataDirectory);
        }

        AssertPrivate(dataDirectory);
    }

    [Fact]
    public async Task FilesAnOlderVersionLeftReadable_AreMadePrivateAtStart()
    {
        var dataDirectory = Path.Combine(_root, "old");
        Directory.CreateDirectory(dataDirectory);
        var readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        foreach (var name in new[] { "logbeam.db", "logbeam.db-wal", "logbeam-fts.db" })
        {
            await File.WriteAllBytesAsync(Path.Combine(dataDirectory, name), []);
            File.SetUnixFileMode(Path.Combine(dataDirectory, name), readable);
        }

        await using (await ServerProcess.StartAsync(dataDirectory))
        {
            foreach (var name in new[] { "logbeam.db", "logbeam.db-wal", "logbeam-fts.db" })
            {
                Assert.Equal(PrivateFile, File.GetUnixFileMode(Path.Combine(dataDirectory, name)));
            }
        }
    }

    public void Dispose() => TempDirectory.Delete(_root);

    private static void AssertPrivate(string dataDirectory)
    {
        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(dataDirectory));
        var files = Directory.GetFiles(dataDirectory);
        foreach (var expected in new[] { "admin.key", "logbeam.db", "logbeam.db-wal", "logbeam-fts.db" })
        {
            Assert.Contains(Path.Combine(dataDirectory, expected), files);
        }

        Assert.All(files, file => Assert.True(File.GetUnixFileMode(file) == PrivateFile, $"{file}: {File.GetUnixFileMode(file)}"));
    }
}
