using System.Text.Json;
using Logbeam.Device.Tests.Infrastructure;
using Logbeam.Protocol;

namespace Logbeam.Device.Tests;

/// <summary>
/// Logbeam's optional upload members (docs/protocol.md, "Logbeam extensions"): each upload says which run of the client
/// it comes from, where its lines stand in that run, and how many lines the client dropped so far, by cause. The real
/// platform takes them (it ignores members it does not know); the tests read what went over the wire.
/// </summary>
public sealed class BatchOriginTests(LogbeamServer server) : IClassFixture<LogbeamServer>, IDisposable
{
    private readonly string _spool = TempDirectory.Create("logbeam-origin-spool");

    [Fact]
    public async Task WithinOneRun_LinesAreNumberedConsecutively_AndANewClientIsANewBoot()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "counted");
        var bodies = new List<Body>();
        foreach (var run in new[] { "a", "b" })
        {
            using var wire = new Wire();
            await using (var client = Client(productId, "counted", psk, wire))
            {
                for (var batch = 0; batch < 3; batch++)
                {
                    for (var i = 0; i < 4 + batch; i++)
                    {
                        client.Log(DeviceLogLevel.Info, "t", $"{run} {batch} {i}");
                    }

                    Assert.True(await client.FlushAsync());
                }
            }

            Assert.Equal(3, wire.Bodies.Count);
            Assert.Single(wire.Bodies.Select(b => b.BootId).Distinct());
            Assert.Equal(1, wire.Bodies[0].FirstLine);
            for (var i = 1; i < wire.Bodies.Count; i++)
            {
                Assert.Equal(wire.Bodies[i - 1].FirstLine + wire.Bodies[i - 1].Lines, wire.Bodies[i].FirstLine);
            }

            Assert.All(wire.Bodies, b => Assert.Null(b.Dropped));
            bodies.AddRange(wire.Bodies);
        }

        Assert.NotEqual(bodies[0].BootId, bodies[^1].BootId);
        Assert.Equal(2 * (4 + 5 + 6), (await TestDevices.TextsAsync(server.Admin, productId, "counted")).Count);

        // The platform sees the second run as a restart, and nothing missing or dropped.
        var gaps = await GapsAsync(productId, "counted");
        Assert.Equal((0L, 0L, 1), (gaps.GetProperty("missingLines").GetInt64(), gaps.GetProperty("droppedLines").GetInt64(), gaps.GetProperty("restarts").GetInt32()));
    }

    [Fact]
    public async Task LinesPushedOutOfAFullBuffer_AreReportedExactly_AndTheLinesDroppedAfterNumberingLeaveAGap()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "flooded");
        using var wire = new Wire(gated: true);
        await using var client = Client(productId, "flooded", psk, wire, o =>
        {
            o.BufferCapacity = 20;
            o.BatchSize = 10;
            o.MaxPendingBatches = 2;
        });

        for (var i = 0; i < 2000; i++)
        {
            client.Log(DeviceLogLevel.Info, "t", $"line {i:D4}");
        }

        await TestDevices.EventuallyAsync(() => wire.Waiting, "the first upload is in flight");
        wire.Open();
        Assert.True(await client.FlushAsync());
        client.Log(DeviceLogLevel.Info, "t", "after the flood"); // sealed after every drop, so it carries their total
        Assert.True(await client.FlushAsync());

        var counters = client.Counters;
        var last = wire.Bodies[^1];
        Assert.True(counters.Dropped > 0);
        Assert.Equal(2001, counters.Sent + counters.Dropped);
        Assert.Equal(new Drops(counters.Dropped, 0, 0), last.Dropped);
        Assert.Equal(counters.Sent, wire.Bodies.Sum(b => b.Lines));
        Assert.Equal(counters.Sent, (await TestDevices.TextsAsync(server.Admin, productId, "flooded")).Count);
        for (var i = 1; i < wire.Bodies.Count; i++)
        {
            Assert.True(wire.Bodies[i].FirstLine >= wire.Bodies[i - 1].FirstLine + wire.Bodies[i - 1].Lines, "numbers overlap or go back");
        }

        // Every line that got a number and never went out is a hole between two uploads' numbers: the platform shows
        // those as missing, and every line dropped (numbered or not) as dropped on the device.
        var numbered = last.FirstLine + last.Lines - 1;
        Assert.True(numbered - counters.Sent <= counters.Dropped);
        var gaps = await GapsAsync(productId, "flooded");
        Assert.Equal(counters.Dropped, gaps.GetProperty("droppedLines").GetInt64());
        Assert.Equal(numbered - counters.Sent, gaps.GetProperty("missingLines").GetInt64());
    }

    [Fact]
    public async Task ASpooledBatch_SentByTheNextRun_KeepsTheBootAndNumbersOfTheRunThatWroteIt()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "spooled");
        using (var down = new Wire(failing: true))
        {
            await using var first = Client(productId, "spooled", psk, down, o =>
            {
                o.SpoolDirectory = _spool;
                o.FlushTimeout = TimeSpan.FromMilliseconds(300);
            });
            for (var i = 0; i < 5; i++)
            {
                first.Log(DeviceLogLevel.Info, "t", $"before {i}");
            }

            await TestDevices.EventuallyAsync(() => first.Counters.Spooled == 5, "the lines are spooled");
            Assert.NotEmpty(down.Bodies);
        }

        using var up = new Wire();
        string firstBoot;
        await using (var second = Client(productId, "spooled", psk, up, o => o.SpoolDirectory = _spool))
        {
            second.Log(DeviceLogLevel.Info, "t", "after");
            Assert.True(await second.FlushAsync());
        }

        firstBoot = up.Bodies[0].BootId;
        Assert.Equal((1L, 5), (up.Bodies[0].FirstLine, up.Bodies[0].Lines));
        Assert.Equal((1L, 1), (up.Bodies[^1].FirstLine, up.Bodies[^1].Lines));
        Assert.NotEqual(firstBoot, up.Bodies[^1].BootId);
        Assert.Equal(6, (await TestDevices.TextsAsync(server.Admin, productId, "spooled")).Count);
    }

    public void Dispose() => TempDirectory.Delete(_spool);

    private async Task<JsonElement> GapsAsync(string productId, string deviceName) =>
        JsonDocument.Parse(await server.Admin.GetStringAsync($"/api/v1/products/{productId}/devices/{deviceName}/gaps")).RootElement.Clone();

    private LogbeamDeviceClient Client(string productId, string deviceName, string psk, Wire wire, Action<LogbeamDeviceOptions>? configure = null) =>
        TestDevices.Builder(server.BaseAddress, null, productId, deviceName, psk)
            .Configure(o =>
            {
                o.InitialLevel = DeviceLogLevel.Debug;
                configure?.Invoke(o);
            })
            .UseHttpMessageHandler(wire)
            .Build();

    private sealed record Drops(long BufferFull, long SpoolFull, long Shutdown);

    private sealed record Body(string BootId, long FirstLine, int Lines, Drops? Dropped);

    /// <summary>Reads each upload's body on its way out; can hold requests until <see cref="Open"/>, or fail them all.</summary>
    private sealed class Wire(bool gated = false, bool failing = false) : DelegatingHandler(new HttpClientHandler())
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _gate = new();
        private readonly List<Body> _bodies = [];

        public bool Waiting { get; private set; }

        public List<Body> Bodies
        {
            get
            {
                lock (_gate)
                {
                    return [.. _bodies];
                }
            }
        }

        public void Open() => _open.TrySetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var json = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
            var root = json.RootElement;
            var lines = root.GetProperty("Message")[0].GetString()!.Split("\n\f", StringSplitOptions.RemoveEmptyEntries).Length;
            var dropped = root.TryGetProperty("Dropped", out var d)
                ? new Drops(d.GetProperty("BufferFull").GetInt64(), d.GetProperty("SpoolFull").GetInt64(), d.GetProperty("Shutdown").GetInt64())
                : null;
            var body = new Body(root.GetProperty("BootId").GetString()!, root.GetProperty("FirstLine").GetInt64(), lines, dropped);
            if (failing)
            {
                lock (_gate)
                {
                    _bodies.Add(body);
                }

                throw new HttpRequestException("The platform is unreachable.");
            }

            if (gated)
            {
                Waiting = true;
                await _open.Task.WaitAsync(cancellationToken);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                lock (_gate)
                {
                    _bodies.Add(body);
                }
            }

            return response;
        }
    }
}
