namespace Logbeam.Bench.Mqtt;

internal sealed record MqttRunSettings(int Devices, int RoundTripClients, TimeSpan Warmup, TimeSpan Duration, int ConnectParallelism);
