using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Logbeam.Server.Tests.Observability;

/// <summary><c>/metrics</c> of real servers: per host, in Prometheus's text format, under the documented names.</summary>
public sealed partial class MetricsEndpointTests
{
    /// <summary>Every platform metric, its Prometheus type and its labels, as docs/operations.md and docs/mqtt.md name them.</summary>
    private static readonly Dictionary<string, (string Type, string[] Labels)> Documented = new(StringComparer.Ordinal)
    {
        ["logbeam_ingest_requests_total"] = ("counter", ["endpoint", "outcome"]),
        ["logbeam_ingest_lines_accepted_total"] = ("counter", []),
        ["logbeam_ingest_lines_rejected_total"] = ("counter", ["reason"]),
        ["logbeam_ingest_lines_truncated_total"] = ("counter", []),
        ["logbeam_ingest_extension_members_ignored_total"] = ("counter", []),
        ["logbeam_ingest_certificate_key_hmac_refused_total"] = ("counter", ["endpoint"]),
        ["logbeam_writer_queue_lines"] = ("gauge", []),
        ["logbeam_writer_commit_seconds"] = ("histogram", []),
        ["logbeam_mqtt_connects_total"] = ("counter", ["outcome"]),
        ["logbeam_mqtt_refused_total"] = ("counter", ["action"]),
        ["logbeam_mqtt_requests_total"] = ("counter", ["exchange"]),
        ["logbeam_mqtt_level_pushes_total"] = ("counter", []),
        ["logbeam_mqtt_connected_devices"] = ("gauge", []),
        ["logbeam_mqtt_connections_closed_total"] = ("counter", ["reason"]),
        ["logbeam_mqtt_open_connections"] = ("gauge", []),
    };

    /// <summary>Names in the docs that are the database's, not metrics (PostgreSQL channels, the schema table).</summary>
    private static readonly HashSet<string> NotMetrics = new(StringComparer.Ordinal) { "logbeam_commits", "logbeam_registry", "logbeam_schema" };

    [Fact]
    public async Task TwoServersInOneProcess_EachCountsOnlyItsOwnUploads()
    {
        var a = new LogbeamServer();
        var b = new LogbeamServer();
        await a.InitializeAsync();
        await b.InitializeAsync();
        try
        {
            await UploadAsync(a, "INF one", "INF two");

            var atA = await PrometheusScrape.ReadAsync(a.Admin);
            var atB = await PrometheusScrape.ReadAsync(b.Admin);
            Assert.Equal(1, atA.Value("logbeam_ingest_requests_total", ("endpoint", "reportlog"), ("outcome", "ok")));
            Assert.Equal(2, atA.Value("logbeam_ingest_lines_accepted_total"));
            Assert.True(atA.Value("logbeam_writer_commit_seconds_count") >= 1);
            Assert.Null(atB.Value("logbeam_ingest_requests_total", ("endpoint", "reportlog"), ("outcome", "ok")));
            Assert.Equal(0, atB.Value("logbeam_ingest_lines_accepted_total"));
            Assert.Equal(0, atB.Value("logbeam_writer_commit_seconds_count"));

            await UploadAsync(b, "INF three");

            Assert.Equal(2, (await PrometheusScrape.ReadAsync(a.Admin)).Value("logbeam_ingest_lines_accepted_total"));
            Assert.Equal(1, (await PrometheusScrape.ReadAsync(b.Admin)).Value("logbeam_ingest_lines_accepted_total"));
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }

    [Fact]
    public async Task EveryDocumentedMetric_IsThere_WithItsTypeAndLabels()
    {
        var server = new LogbeamServer();
        await server.InitializeAsync();
        try
        {
            await UploadAsync(server, "INF|2023-11-15 06:13:20|t|" + new string('x', 20_000));
            var productId = await server.CreateProductAsync();
            await server.CreateKeyDeviceAsync(productId, "wrong-key");
            await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.JavaBody(productId, "wrong-key", "INF refused"), "AAAAAAAAAAAAAAAAAAAAAA=="));
            using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                await socket.ConnectAsync(IPAddress.Loopback, server.MqttPort);
                await socket.SendAsync(new byte[] { 0xC0, 0x00 }); // PINGREQ before any CONNECT
            }

            var scrape = await PrometheusScrape.ReadAsync(server.Admin);
            for (var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15); scrape.Value("logbeam_mqtt_connections_closed_total", ("reason", "NotConnect")) is null && DateTime.UtcNow < deadline;)
            {
                await Task.Delay(50);
                scrape = await PrometheusScrape.ReadAsync(server.Admin);
            }

            foreach (var (name, (type, labels)) in Documented)
            {
                Assert.True(scrape.Types.TryGetValue(name, out var exported), $"{name} is not in /metrics");
                Assert.Equal(type, exported);
                Assert.False(string.IsNullOrWhiteSpace(scrape.Help.GetValueOrDefault(name)), $"{name} has no help");
                foreach (var sample in scrape.Family(name))
                {
                    var sampleLabels = sample.Labels.Keys.Where(label => !(label == "le" && sample.Name.EndsWith("_bucket", StringComparison.Ordinal)));
                    Assert.Equal(labels.Order(StringComparer.Ordinal), sampleLabels.Order(StringComparer.Ordinal));
                }
            }

            Assert.Equal(1, scrape.Value("logbeam_ingest_requests_total", ("endpoint", "reportlog"), ("outcome", "ok")));
            Assert.Equal(1, scrape.Value("logbeam_ingest_lines_accepted_total"));
            Assert.Equal(1, scrape.Value("logbeam_ingest_lines_truncated_total"));
            Assert.Equal(1, scrape.Value("logbeam_ingest_lines_rejected_total", ("reason", "AuthFailure.SignatureFailure")));
            Assert.Equal(1, scrape.Value("logbeam_mqtt_connections_closed_total", ("reason", "NotConnect")));
            Assert.Equal(scrape.Value("logbeam_writer_commit_seconds_count"), scrape.Value("logbeam_writer_commit_seconds_bucket", ("le", "+Inf")));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public void TheDocs_NameOnlyMetricsThatExist_WithTheirLabels()
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var doc in Directory.GetFiles(Path.Combine(RepoRoot.Path, "docs"), "*.md").Append(Path.Combine(RepoRoot.Path, "README.md")))
        {
            foreach (Match mention in MetricMention().Matches(File.ReadAllText(doc)))
            {
                var name = mention.Groups["name"].Value;
                if (NotMetrics.Contains(name))
                {
                    continue;
                }

                Assert.True(Documented.TryGetValue(name, out var metric), $"{Path.GetFileName(doc)} names {name}, which /metrics does not have");
                if (mention.Groups["labels"].Success)
                {
                    Assert.Equal(metric.Labels, mention.Groups["labels"].Value.Split(','));
                }

                named.Add(name);
            }
        }

        Assert.Equal(Documented.Keys.Order(StringComparer.Ordinal), named.Order(StringComparer.Ordinal));
    }

    private static async Task UploadAsync(LogbeamServer server, params string[] lines)
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "metered");
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.JavaBody(productId, "metered", lines), psk)));
    }

    [GeneratedRegex(@"(?<name>logbeam_[a-z_]+)(\{(?<labels>[a-z_,]+)\})?")]
    private static partial Regex MetricMention();
}
