using System.Diagnostics;
using Logbeam.Bench.Common;

namespace Logbeam.Bench.Ingest;

/// <summary>
/// Drives signed uploads on <c>connections</c> keep-alive connections, one request in flight on each, for a warm-up
/// and then a measured window; stops by itself. Each connection serves its own slice of the devices.
/// </summary>
internal sealed class LoadGenerator(int port, DeviceUploads[] devices, int linesPerRequest, int connections)
{
    private readonly int _port = port;
    private readonly DeviceUploads[] _devices = devices;
    private readonly int _connections = connections;

    private const int Warmup = 0;
    private const int Measuring = 1;
    private const int Stopping = 2;

    private volatile int _phase;

    public async Task<LoadResult> RunAsync(TimeSpan warmup, TimeSpan duration, Action? onMeasureStart = null)
    {
        _phase = Warmup;
        var workers = new Worker[_connections];
        for (var i = 0; i < _connections; i++)
        {
            workers[i] = new Worker(this, i, await RawHttpConnection.ConnectAsync(_port).ConfigureAwait(false));
        }

        var tasks = workers.Select(w => Task.Run(w.RunAsync)).ToArray();
        await Task.Delay(warmup).ConfigureAwait(false);

        var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        onMeasureStart?.Invoke();
        var clock = Stopwatch.StartNew();
        _phase = Measuring;
        await Task.Delay(duration).ConfigureAwait(false);
        _phase = Stopping;
        var seconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
        await Task.WhenAll(tasks).ConfigureAwait(false);

        var latencies = workers.SelectMany(w => w.Latencies).Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray();
        Array.Sort(latencies);
        var succeeded = workers.Sum(w => w.Succeeded);
        foreach (var worker in workers)
        {
            worker.Dispose();
        }

        return new LoadResult(
            seconds,
            succeeded,
            workers.Sum(w => w.Failed),
            succeeded * linesPerRequest,
            Percentiles.Of(latencies, 50),
            Percentiles.Of(latencies, 99),
            latencies.Length == 0 ? double.NaN : latencies[^1],
            cpu,
            workers.Select(w => w.FirstFailure).FirstOrDefault(f => f is not null));
    }

    private sealed class Worker(LoadGenerator owner, int index, RawHttpConnection connection) : IDisposable
    {
        private readonly byte[] _request = new byte[owner._devices.Max(d => d.Bodies.Max(b => b.Length)) + 1024];

        public List<long> Latencies { get; } = new(100_000);

        public long Succeeded { get; private set; }

        public long Failed { get; private set; }

        public string? FirstFailure { get; private set; }

        public async Task RunAsync()
        {
            var devices = owner._devices;
            var device = index % devices.Length;
            var step = Math.Max(owner._connections, 1);
            long sequence = 0;
            while (owner._phase != Stopping)
            {
                var uploads = devices[device];
                var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

                // Unique per connection and request, and below 2^31-1 as the SDKs send it.
                var nonce = ((index * 10_000_000L) + sequence++) % int.MaxValue;
                var length = uploads.WriteRequest(_request, owner._port, (int)(sequence % uploads.Bodies.Length), timestamp, nonce);
                var started = Stopwatch.GetTimestamp();
                var (status, error, body) = await connection.SendAsync(_request.AsMemory(0, length), keepBody: false).ConfigureAwait(false);
                var elapsed = Stopwatch.GetTimestamp() - started;
                if (owner._phase == Measuring)
                {
                    if (status == 200 && !error)
                    {
                        Succeeded++;
                        Latencies.Add(elapsed);
                    }
                    else
                    {
                        Failed++;
                        FirstFailure ??= $"HTTP {status}: {body}";
                    }
                }

                device += step;
                if (device >= devices.Length)
                {
                    device = index % devices.Length;
                }
            }
        }

        public void Dispose() => connection.Dispose();
    }
}
