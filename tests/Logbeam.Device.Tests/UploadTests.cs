using Logbeam.Device.Tests.Infrastructure;
using Logbeam.Protocol;

namespace Logbeam.Device.Tests;

/// <summary>Batched signed uploads against the real platform: lost answers, full buffers, certificate devices.</summary>
public sealed class UploadTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Fact]
    public async Task AnswerLostAfterCommit_RetryWithTheSameBatchId_IsStoredOnce()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "lossy");
        using var handler = new LoseFirstAnswer();
        await using var client = TestDevices.Builder(server.BaseAddress, null, productId, "lossy", psk)
            .Configure(o => o.InitialLevel = DeviceLogLevel.Debug)
            .UseHttpMessageHandler(handler)
            .Build();

        client.Log(DeviceLogLevel.Info, "t", "first");
        client.Log(DeviceLogLevel.Info, "t", "second");
        Assert.True(await client.FlushAsync());

        Assert.Equal(2, handler.Requests);
        Assert.Equal(handler.Bodies[0], handler.Bodies[1]);
        Assert.Contains("\"BatchId\":", handler.Bodies[0], StringComparison.Ordinal);
        Assert.Equal(["first", "second"], await TestDevices.TextsAsync(server.Admin, productId, "lossy"));
        var counters = client.Counters;
        Assert.Equal(2, counters.Sent);
        Assert.Equal(1, counters.FailedAttempts);
        Assert.Equal(0, counters.Dropped);
        Assert.NotNull(counters.LastError);
    }

    [Fact]
    public async Task BufferFull_OldestDroppedAndCounted_CallerNeverBlocked()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "flood");
        using var gate = new GatedHandler();
        await using var client = TestDevices.Builder(server.BaseAddress, null, productId, "flood", psk)
            .Configure(o =>
            {
                o.InitialLevel = DeviceLogLevel.Debug;
                o.BufferCapacity = 20;
                o.BatchSize = 10;
                o.MaxPendingBatches = 2;
            })
            .UseHttpMessageHandler(gate)
            .Build();

        // The uploader is stuck on its first request the whole time; logging must still return at once.
        var logging = Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                client.Log(DeviceLogLevel.Info, "t", $"line {i:D4}");
            }
        });
        Assert.Same(logging, await Task.WhenAny(logging, Task.Delay(TestDevices.Patience)));
        await TestDevices.EventuallyAsync(() => gate.Waiting, "the first upload is in flight");
        Assert.True(client.Counters.Dropped > 0);

        gate.Open();
        Assert.True(await client.FlushAsync());

        var stored = await TestDevices.TextsAsync(server.Admin, productId, "flood");
        var counters = client.Counters;
        Assert.Equal(2000, stored.Count + counters.Dropped);
        Assert.Equal(stored.Count, counters.Sent);
        Assert.Equal("line 1999", stored[^1]); // the newest lines survive
        Assert.Equal(stored.Order(StringComparer.Ordinal), stored); // in order, no repeats
        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.Equal(0, counters.Buffered);
    }

    [Fact]
    public async Task CertificateDevice_UploadsSignedRsaSha256()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateCertDeviceAsync(productId, "certdev", Vectors.ReadText("dev_cert.pem"));
        using var recorder = new RecordingHandler();
        await using var client = new LogbeamDeviceClientBuilder(productId, "certdev")
            .UseCertificate(Vectors.ReadText("dev_cert.pem"), Vectors.ReadText("dev_key_pkcs8.pem"))
            .UsePlatform(server.BaseAddress)
            .Configure(TestDevices.Fast)
            .Configure(o => o.InitialLevel = DeviceLogLevel.Info)
            .UseHttpMessageHandler(recorder)
            .Build();

        client.Log(DeviceLogLevel.Warn, "cert", "signed with the device key");
        client.Log(DeviceLogLevel.Debug, "cert", "below the level");
        Assert.True(await client.FlushAsync());

        var line = Assert.Single(await TestDevices.StoredAsync(server.Admin, productId, "certdev"));
        Assert.Equal("signed with the device key", line.GetProperty("text").GetString());
        Assert.Equal(2, line.GetProperty("level").GetInt32());
        Assert.Equal("cert", line.GetProperty("tag").GetString());
        Assert.Equal(["rsa-sha256"], recorder.Algorithms);
    }

    [Fact]
    public async Task UnknownDevice_IsRetriedNotLost_AndSentOnceItExists()
    {
        var productId = await server.CreateProductAsync();
        var psk = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        await using var client = TestDevices.Builder(server.BaseAddress, null, productId, "late", psk)
            .Configure(o => o.InitialLevel = DeviceLogLevel.Info)
            .Build();

        client.Log(DeviceLogLevel.Info, "t", "before the device exists");
        Assert.False(await client.FlushAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Contains(ReportLogErrorCodes.DeviceNotExist, client.Counters.LastError, StringComparison.Ordinal);

        var response = await server.Admin.PostAsync(
            $"/api/v1/products/{productId}/devices",
            System.Net.Http.Json.JsonContent.Create(new { deviceName = "late", psk }));
        response.EnsureSuccessStatusCode();
        Assert.True(await client.FlushAsync());

        Assert.Equal(["before the device exists"], await TestDevices.TextsAsync(server.Admin, productId, "late"));
    }

    /// <summary>Forwards the first request to the platform, waits for its answer, then reports a timeout instead.</summary>
    private sealed class LoseFirstAnswer() : DelegatingHandler(new HttpClientHandler())
    {
        public int Requests { get; private set; }

        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Bodies.Add(await request.Content!.ReadAsStringAsync(cancellationToken));
            var response = await base.SendAsync(request, cancellationToken);
            if (++Requests == 1)
            {
                await response.Content.ReadAsByteArrayAsync(cancellationToken); // the platform has committed
                response.Dispose();
                throw new TaskCanceledException("The answer was lost on the way back.");
            }

            return response;
        }
    }

    /// <summary>Holds every request until <see cref="Open"/>.</summary>
    private sealed class GatedHandler() : DelegatingHandler(new HttpClientHandler())
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Waiting { get; private set; }

        public void Open() => _open.TrySetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Waiting = true;
            await _open.Task.WaitAsync(cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class RecordingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        public List<string> Algorithms { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Algorithms.Add(string.Join(",", request.Headers.GetValues(ReportLogHeaders.Algorithm)));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
