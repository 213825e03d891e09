namespace Logbeam.Bench.Mqtt;

/// <summary>What one broker did in the mqtt scenario.</summary>
internal sealed record MqttRunResult(
    int Connected,
    double ConnectSeconds,
    double RssMiB,
    double RssPerConnectionKiB,
    double PushAllMs,
    double PushP50Ms,
    double RoundTripsPerSecond,
    double RoundTripP50Ms,
    double RoundTripP99Ms,
    double BrokerCpuSeconds,
    double LoadGeneratorCpuSeconds);
