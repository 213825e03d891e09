using BenchmarkDotNet.Attributes;
using Logbeam.Server.Mqtt;
using Logbeam.Server.Observability;
using Logbeam.Server.Observability.Prometheus;
using Microsoft.Extensions.DependencyInjection;

namespace Logbeam.Bench.Micro;

/// <summary>
/// What counting costs each upload and each broker close, with <c>/metrics</c>'s exporter listening as it does in the
/// server: a tagged counter, an untagged one, and the queue gauge.
/// </summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    private ServiceProvider _services = null!;
    private IngestMetrics _ingest = null!;
    private MqttMetrics _mqtt = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddMetrics().AddSingleton<PrometheusExporter>()
            .AddSingleton<IngestMetrics>().AddSingleton<MqttMetrics>().BuildServiceProvider();
        _services.GetRequiredService<PrometheusExporter>();
        _ingest = _services.GetRequiredService<IngestMetrics>();
        _mqtt = _services.GetRequiredService<MqttMetrics>();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public void AcceptedUpload()
    {
        _ingest.Accepted("reportlog", 50, 0);
        _ingest.SetQueueDepth(50);
    }

    [Benchmark]
    public void RejectedUpload() => _ingest.Rejected("reportlog", "AuthFailure.SignatureFailure", 50);

    [Benchmark]
    public void ConnectionClosed() => _mqtt.ConnectionClosed("NotConnect");
}
