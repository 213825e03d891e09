using System.Diagnostics.Metrics;

namespace Logbeam.Server.Observability;

/// <summary>
/// The ingest figures exported at <c>/metrics</c>, on this host's <see cref="LogbeamMeters.Ingest"/> meter. Each
/// instrument's name is its Prometheus name. Counters without labels are observed totals: they read 0 from the
/// first scrape, as Prometheus's <c>rate()</c> wants, and counting one is an increment.
/// </summary>
public sealed class IngestMetrics
{
    /// <summary>0.5 ms doubling to 4.096 s: the buckets the commit histogram has always had.</summary>
    private static readonly double[] CommitBuckets = [.. Enumerable.Range(0, 14).Select(i => 0.0005 * Math.Pow(2, i))];

    private readonly Counter<long> _requests;
    private readonly Counter<long> _linesRejected;
    private readonly Counter<long> _certificateKeyHmac;
    private readonly Histogram<double> _commitSeconds;
    private long _linesAccepted;
    private long _linesTruncated;
    private long _membersIgnored;
    private long _queueDepth;

    public IngestMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(LogbeamMeters.Ingest);
        _requests = meter.CreateCounter<long>(
            "logbeam_ingest_requests_total", description: "Upload requests by endpoint and outcome (ok, or the error code).");
        meter.CreateObservableCounter(
            "logbeam_ingest_lines_accepted_total", () => Volatile.Read(ref _linesAccepted), description: "Log lines committed.");
        _linesRejected = meter.CreateCounter<long>(
            "logbeam_ingest_lines_rejected_total", description: "Log lines in uploads that were refused, by reason.");
        _certificateKeyHmac = meter.CreateCounter<long>(
            "logbeam_ingest_certificate_key_hmac_refused_total",
            description: "Uploads of certificate devices correctly signed with the key taken from their public certificate, refused because "
            + "their product does not allow it (allowCertificateKeyHmac), by endpoint.");
        meter.CreateObservableCounter(
            "logbeam_ingest_lines_truncated_total", () => Volatile.Read(ref _linesTruncated), description: "Log lines cut to the line limit.");
        meter.CreateObservableCounter(
            "logbeam_ingest_extension_members_ignored_total", () => Volatile.Read(ref _membersIgnored),
            description: "Optional upload members (BootId, FirstLine, Dropped) that were present but unusable, and ignored; the uploads were taken.");
        meter.CreateObservableGauge(
            "logbeam_writer_queue_lines", () => Volatile.Read(ref _queueDepth), description: "Lines accepted and waiting for their commit.");
        _commitSeconds = meter.CreateHistogram(
            "logbeam_writer_commit_seconds", unit: "s", description: "Time one group commit takes.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CommitBuckets });
    }

    public void Accepted(string endpoint, int lines, int truncated)
    {
        _requests.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("outcome", "ok"));
        Interlocked.Add(ref _linesAccepted, lines);
        if (truncated > 0)
        {
            Interlocked.Add(ref _linesTruncated, truncated);
        }
    }

    /// <summary>Counted besides <see cref="Rejected"/>, so that devices which need the product switch show up.</summary>
    public void CertificateKeyHmacRefused(string endpoint) =>
        _certificateKeyHmac.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));

    public void Rejected(string endpoint, string reason, int lines)
    {
        _requests.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("outcome", reason));
        if (lines > 0)
        {
            _linesRejected.Add(lines, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    /// <summary>Unusable optional members of an accepted upload, ignored.</summary>
    public void MembersIgnored(int members) => Interlocked.Add(ref _membersIgnored, members);

    /// <summary>The writer's queue now, in lines.</summary>
    public void SetQueueDepth(long lines) => Volatile.Write(ref _queueDepth, lines);

    public void Committed(TimeSpan commitTime) => _commitSeconds.Record(commitTime.TotalSeconds);
}
