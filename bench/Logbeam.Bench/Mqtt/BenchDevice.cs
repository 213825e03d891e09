using System.Diagnostics;

namespace Logbeam.Bench.Mqtt;

/// <summary>One simulated device: its connection, and the next message it is waiting for (arrival timestamp).</summary>
internal sealed class BenchDevice(string productId, string deviceName, string psk)
{
    private TaskCompletionSource<long>? _next;

    public string ProductId { get; } = productId;

    public string DeviceName { get; } = deviceName;

    public string Psk { get; } = psk;

    public RawMqttClient Client { get; } = new();

    /// <summary>Arms the device for its next message; the task completes with its Stopwatch arrival timestamp.</summary>
    public Task<long> ExpectMessage()
    {
        var next = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _next, next);
        return next.Task;
    }

    public void OnMessage() => Interlocked.Exchange(ref _next, null)?.TrySetResult(Stopwatch.GetTimestamp());
}
