using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Durability;

/// <summary>
/// The kill scenario, for any store: devices upload to a server process, it is SIGKILLed mid-upload, and then every
/// line it acknowledged must be readable through the server <paramref name="readBack"/> starts (the same one again,
/// or another node on the same database).
/// </summary>
internal static class KillDuringUpload
{
    private const int Devices = 8;
    private const int LinesPerBatch = 20;

    public static async Task RunAsync(string productId, Func<Task<ServerProcess>> start, Func<Task<ServerProcess>> readBack)
    {
        var psks = new string[Devices];
        var acknowledged = new ConcurrentBag<string>();
        var refusedOrFailed = 0;

        await using (var server = await start())
        {
            (await server.Admin.PostAsJsonAsync("/api/v1/products", new { productId, name = "kill", defaultLogLevel = 4 })).EnsureSuccessStatusCode();
            for (var i = 0; i < Devices; i++)
            {
                var created = await server.Admin.PostAsJsonAsync($"/api/v1/products/{productId}/devices", new { deviceName = $"d{i}" });
                psks[i] = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("psk").GetString()!;
            }

            using var stop = new CancellationTokenSource();
            var uploaders = Enumerable.Range(0, Devices).Select(i => Task.Run(async () =>
            {
                using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
                for (var seq = 0; !stop.IsCancellationRequested; seq++)
                {
                    var lines = Enumerable.Range(0, LinesPerBatch).Select(k => $"INF|2023-11-15 06:13:20|kill|d{i}-s{seq}-l{k}").ToArray();
                    try
                    {
                        var code = await Uploads.SendForCodeAsync(client, Uploads.Hmac(Uploads.JavaBody(productId, $"d{i}", lines), psks[i]));
                        if (code is null)
                        {
                            foreach (var line in lines)
                            {
                                acknowledged.Add(line[(line.LastIndexOf('|') + 1)..]);
                            }
                        }
                        else
                        {
                            Interlocked.Increment(ref refusedOrFailed);
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                    {
                        return; // the server is gone
                    }
                }
            })).ToArray();

            // Killed once every device could have had a few batches acknowledged: mid-upload, however slow the machine.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (acknowledged.Count < Devices * LinesPerBatch * 4 && DateTime.UtcNow < deadline && uploaders.Any(u => !u.IsCompleted))
            {
                await Task.Delay(50);
            }

            Assert.True(acknowledged.Count > 0,
                $"no upload was acknowledged before the kill ({refusedOrFailed} refused or failed); the server said:\n{server.RecentOutput}");
            server.KillHard();
            await stop.CancelAsync();
            await Task.WhenAll(uploaders);
        }

        await using var reader = await readBack();
        var stored = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Devices; i++)
        {
            string? cursor = null;
            do
            {
                var page = await reader.Admin.GetFromJsonAsync<JsonElement>(
                    $"/api/v1/logs?productId={productId}&deviceName=d{i}&limit=1000" + (cursor is null ? string.Empty : "&cursor=" + cursor));
                foreach (var item in page.GetProperty("items").EnumerateArray())
                {
                    stored.Add(item.GetProperty("text").GetString()!);
                }

                cursor = page.GetProperty("nextCursor").GetString();
            }
            while (cursor is not null);
        }

        var lost = acknowledged.Where(line => !stored.Contains(line)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged lines were lost, e.g. {string.Join(", ", lost.Take(5))}");
        Assert.Equal(0, refusedOrFailed);
    }
}
