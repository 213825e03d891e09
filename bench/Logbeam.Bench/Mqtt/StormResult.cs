namespace Logbeam.Bench.Mqtt;

/// <summary>What one reconnect storm measured; times from the storm's start, CPU over the same window.</summary>
internal sealed record StormResult(
    int Attempted,
    int Handshakes,
    int Connected,
    IReadOnlyDictionary<string, int> Failures,
    double SecondsToLastHandshake,
    double SecondsToLastConnAck,
    double ServerCpuSeconds,
    double ClientCpuSeconds)
{
    public int FailureCount => Failures.Values.Sum();

    public double HandshakesPerSecond => Handshakes / SecondsToLastHandshake;

    public double ConnAcksPerSecond => Connected / SecondsToLastConnAck;

    /// <summary>Server CPU per completed client (CONNACK, or handshake when there is no MQTT): steadier than rates on a shared machine.</summary>
    public double ServerCpuMsEach => ServerCpuSeconds * 1000 / Math.Max(Connected > 0 ? Connected : Handshakes, 1);
}
