using Prometheus;

namespace Logbeam.Server.Observability;

/// <summary>The ingest figures exported at <c>/metrics</c>.</summary>
public sealed class IngestMetrics
{
    private static readonly Counter Requests = Metrics.CreateCounter(
        "logbeam_ingest_requests_total", "Upload requests by endpoint and outcome (ok, or the error code).",
        "endpoint", "outcome");

    private static readonly Counter LinesAccepted = Metrics.CreateCounter(
        "logbeam_ingest_lines_accepted_total", "Log lines committed.");

    private static readonly Counter LinesRejected = Metrics.CreateCounter(
        "logbeam_ingest_lines_rejected_total", "Log lines in uploads that were refused, by reason.", "reason");

    private static readonly Counter CertificateKeyHmac = Metrics.CreateCounter(
        "logbeam_ingest_certificate_key_hmac_refused_total",
        "Uploads of certificate devices correctly signed with the key taken from their public certificate, refused because "
        + "their product does not allow it (allowCertificateKeyHmac), by endpoint.",
        "endpoint");

    private static readonly Counter LinesTruncated = Metrics.CreateCounter(
        "logbeam_ingest_lines_truncated_total", "Log lines cut to the line limit.");

    public Gauge QueueDepth { get; } = Metrics.CreateGauge(
        "logbeam_writer_queue_lines", "Lines accepted and waiting for their commit.");

    public Histogram CommitSeconds { get; } = Metrics.CreateHistogram(
        "logbeam_writer_commit_seconds", "Time one group commit takes.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 14) });

    public void Accepted(string endpoint, int lines, int truncated)
    {
        Requests.WithLabels(endpoint, "ok").Inc();
        LinesAccepted.Inc(lines);
        if (truncated > 0)
        {
            LinesTruncated.Inc(truncated);
        }
    }

    /// <summary>Counted besides <see cref="Rejected"/>, so that devices which need the product switch show up.</summary>
    public void CertificateKeyHmacRefused(string endpoint) => CertificateKeyHmac.WithLabels(endpoint).Inc();

    public void Rejected(string endpoint, string reason, int lines)
    {
        Requests.WithLabels(endpoint, reason).Inc();
        if (lines > 0)
        {
            LinesRejected.WithLabels(reason).Inc(lines);
        }
    }
}
