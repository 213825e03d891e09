using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Logbeam.Bench.Common;

namespace Logbeam.Bench.Mqtt;

/// <summary>
/// Many TLS-PSK clients connecting at once to one server, at most <c>inFlight</c> handshakes outstanding; the same code
/// drives Logbeam and the openssl reference.
/// </summary>
internal static class PskStorm
{
    /// <summary>One client of the storm: its server, PSK identity and key, and the MQTT CONNECT it sends (none: handshake only).</summary>
    public sealed record Target(IPEndPoint Server, string Identity, byte[] Psk, byte[]? MqttConnect);

    /// <summary>
    /// Runs the storm; the connections that reached CONNACK stay open in <c>Open</c> for the caller to measure and
    /// dispose. Stops by itself: whatever has not finished after <paramref name="timeout"/> counts as a failure.
    /// </summary>
    public static async Task<(StormResult Result, IReadOnlyList<PskStormConnection> Open)> RunAsync(
        IReadOnlyList<Target> targets, int inFlight, TimeSpan timeout, IReadOnlyList<int> serverPids)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var connections = targets.Select(_ => new PskStormConnection()).ToArray();
        var failures = new ConcurrentDictionary<string, int>();
        var self = Process.GetCurrentProcess();
        var clientCpu = self.TotalProcessorTime;
        var serverCpu = serverPids.Sum(ProcStat.CpuSeconds);
        var started = Stopwatch.GetTimestamp();

        await Parallel.ForEachAsync(Enumerable.Range(0, targets.Count), new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (i, _) =>
        {
            var target = targets[i];
            var failure = await connections[i].RunAsync(target.Server, target.Identity, target.Psk, target.MqttConnect, deadline.Token).ConfigureAwait(false);
            if (failure is not null)
            {
                failures.AddOrUpdate(failure, 1, (_, n) => n + 1);
                connections[i].Dispose();
            }
        }).ConfigureAwait(false);

        self.Refresh();
        var serverCpuUsed = serverPids.Sum(ProcStat.CpuSeconds) - serverCpu;
        var clientCpuUsed = (self.TotalProcessorTime - clientCpu).TotalSeconds;
        var handshakes = connections.Where(c => c.HandshakeDone != 0).ToArray();
        var connected = connections.Where(c => c.ConnAcked != 0).ToArray();
        var result = new StormResult(
            targets.Count,
            handshakes.Length,
            connected.Length,
            failures,
            Seconds(started, handshakes.Select(c => c.HandshakeDone)),
            Seconds(started, connected.Select(c => c.ConnAcked)),
            serverCpuUsed,
            clientCpuUsed);
        return (result, connected);
    }

    private static double Seconds(long started, IEnumerable<long> timestamps) =>
        timestamps.DefaultIfEmpty(0).Max() is var last and > 0 ? Stopwatch.GetElapsedTime(started, last).TotalSeconds : double.NaN;
}
