using Logbeam.Server.Mqtt;
using Logbeam.Server.Observability;
using Logbeam.Server.Observability.Prometheus;

namespace Logbeam.Server.Tests.Observability;

/// <summary>The per-host exporter of <c>/metrics</c>, on meter factories of its own.</summary>
public sealed class PrometheusExporterTests
{
    [Fact]
    public void TwoFactories_EachExporterSeesOnlyItsOwnHostsCounts()
    {
        var (factoryA, factoryB) = (TestMeters.Factory(), TestMeters.Factory());
        var (ingestA, ingestB) = (new IngestMetrics(factoryA), new IngestMetrics(factoryB));
        using var exporterA = new PrometheusExporter(factoryA);
        using var exporterB = new PrometheusExporter(factoryB);

        ingestA.Accepted("reportlog", 3, 0);
        ingestB.Rejected("reportlog", "AuthFailure.SignatureFailure", 2);

        var a = PrometheusScrape.Parse(exporterA.Scrape());
        var b = PrometheusScrape.Parse(exporterB.Scrape());
        Assert.Equal(1, a.Value("logbeam_ingest_requests_total", ("endpoint", "reportlog"), ("outcome", "ok")));
        Assert.Equal(3, a.Value("logbeam_ingest_lines_accepted_total"));
        Assert.Empty(a.Family("logbeam_ingest_lines_rejected_total"));
        Assert.Null(b.Value("logbeam_ingest_requests_total", ("endpoint", "reportlog"), ("outcome", "ok")));
        Assert.Equal(0, b.Value("logbeam_ingest_lines_accepted_total"));
        Assert.Equal(2, b.Value("logbeam_ingest_lines_rejected_total", ("reason", "AuthFailure.SignatureFailure")));
    }

    [Fact]
    public void CommitTimes_FallInTheBucketsTheHistogramAlwaysHad()
    {
        var meters = TestMeters.Factory();
        var ingest = new IngestMetrics(meters);
        using var exporter = new PrometheusExporter(meters);

        ingest.Committed(TimeSpan.FromMilliseconds(3));
        ingest.Committed(TimeSpan.FromSeconds(5));

        var scrape = PrometheusScrape.Parse(exporter.Scrape());
        var buckets = scrape.Family("logbeam_writer_commit_seconds").Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["0.0005", "0.001", "0.002", "0.004", "0.008", "0.016", "0.032", "0.064", "0.128", "0.256", "0.512", "1.024", "2.048", "4.096", "+Inf"],
            buckets.Select(b => b.Labels["le"]));
        Assert.Equal([0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2], buckets.Select(b => b.Value));
        Assert.Equal(2, scrape.Value("logbeam_writer_commit_seconds_count"));
        Assert.Equal(5.003, scrape.Value("logbeam_writer_commit_seconds_sum")!.Value, 9);
    }

    [Fact]
    public void Gauges_ShowTheLastValueSet()
    {
        var meters = TestMeters.Factory();
        var ingest = new IngestMetrics(meters);
        var mqtt = new MqttMetrics(meters);
        using var exporter = new PrometheusExporter(meters);

        ingest.SetQueueDepth(40);
        ingest.SetQueueDepth(7);
        mqtt.SetOpenConnections(12);
        mqtt.SetOnline(5);

        var scrape = PrometheusScrape.Parse(exporter.Scrape());
        Assert.Equal(7, scrape.Value("logbeam_writer_queue_lines"));
        Assert.Equal(12, scrape.Value("logbeam_mqtt_open_connections"));
        Assert.Equal(5, scrape.Value("logbeam_mqtt_connected_devices"));
    }

    [Fact]
    public void LabelValues_AreEscaped_SoNoSampleCanBeForged()
    {
        var meters = TestMeters.Factory();
        var mqtt = new MqttMetrics(meters);
        using var exporter = new PrometheusExporter(meters);

        mqtt.ConnectionClosed("a\"b\\c\nlogbeam_forged 1");

        var text = exporter.Scrape();
        Assert.Contains("logbeam_mqtt_connections_closed_total{reason=\"a\\\"b\\\\c\\nlogbeam_forged 1\"} 1\n", text, StringComparison.Ordinal);
        Assert.Equal(1, PrometheusScrape.Parse(text).Value("logbeam_mqtt_connections_closed_total", ("reason", "a\"b\\c\nlogbeam_forged 1")));
    }

    [Fact]
    public void CountingAnUpload_AllocatesNothing()
    {
        var meters = TestMeters.Factory();
        var ingest = new IngestMetrics(meters);
        var mqtt = new MqttMetrics(meters);
        using var exporter = new PrometheusExporter(meters);
        void Count()
        {
            ingest.Accepted("reportlog", 10, 1);
            ingest.Rejected("reportlog", "AuthFailure.SignatureFailure", 2);
            ingest.Committed(TimeSpan.FromMilliseconds(2));
            ingest.SetQueueDepth(3);
            mqtt.ConnectionClosed("NotConnect");
        }

        for (var i = 0; i < 1_000; i++)
        {
            Count();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            Count();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(11_000, PrometheusScrape.Parse(exporter.Scrape()).Value("logbeam_ingest_requests_total", ("endpoint", "reportlog"), ("outcome", "ok")));
    }

    [Fact]
    public void RuntimeAndProcessFigures_KeepTheNamesTheyHad()
    {
        var meters = TestMeters.Factory();
        using var exporter = new PrometheusExporter(meters);

        var scrape = PrometheusScrape.Parse(exporter.Scrape());

        Assert.Equal("counter", scrape.Types["process_cpu_seconds_total"]);
        Assert.Equal("gauge", scrape.Types["process_working_set_bytes"]);
        Assert.Equal("counter", scrape.Types["dotnet_collection_count_total"]);
        Assert.NotNull(scrape.Value("dotnet_collection_count_total", ("generation", "0")));
        Assert.Equal("gauge", scrape.Types["system_runtime_dotnet_gc_collections"]);
        Assert.StartsWith("({collection}) ", scrape.Help["system_runtime_dotnet_gc_collections"], StringComparison.Ordinal);
        Assert.True(scrape.Value("system_runtime_dotnet_process_cpu_count") >= 1);
    }
}
