using Logbeam.Protocol;

namespace Logbeam.Server.Ingest;

/// <summary>Upload limits and signature checks (section <c>Ingest</c>).</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>The largest request body accepted, in bytes. The default value is 1 MiB.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The longest line kept, in characters; a longer one is cut and marked. The default value is 8192.</summary>
    public int MaxLineLength { get; set; } = 8192;

    /// <summary>Whether <c>X-TC-Timestamp</c> must lie within <see cref="TimestampWindowSeconds"/> of now. The default value is <c>true</c>.</summary>
    public bool CheckTimestamp { get; set; } = true;

    /// <summary>How far a device clock may be off, in seconds, either way. The default value is 600.</summary>
    public int TimestampWindowSeconds { get; set; } = 600;

    /// <summary>
    /// The host name devices put in their StringToSign when it is not the one they connect to. The request's own
    /// <c>Host</c> and the Tencent default are tried after it. The default value is <c>ap-guangzhou.gateway.tencentdevices.com</c>.
    /// </summary>
    public string CanonicalHost { get; set; } = ReportLogHeaders.DefaultCanonicalHost;

    /// <summary>
    /// How long a nonce is remembered when the timestamp check is off, in seconds; also how long a legacy frame without a
    /// timestamp (<c>0000000000</c>) is remembered as received, and so refused if it comes again. The default value is 1200.
    /// </summary>
    public int NonceMemorySeconds { get; set; } = 1200;

    /// <summary>How many lines may wait for the writer before uploads are refused. The default value is 200000.</summary>
    public int QueueCapacityLines { get; set; } = 200_000;

    /// <summary>The most lines one transaction commits. The default value is 20000.</summary>
    public int MaxLinesPerCommit { get; set; } = 20_000;

    /// <summary>
    /// Under concurrent load, how long the writer may wait, in milliseconds, for the uploads answered by the previous
    /// commit to come back before it commits again, so that commits stay as large as the load allows instead of
    /// alternating large and small. The wait is also never longer than the previous commit took, and there is none
    /// when the previous commit held a single upload, nor after a commit that the store syncs to disk behind it (SQLite
    /// with <c>Storage:Synchronous</c> <c>Full</c>). 0 turns it off. The default value is 20.
    /// </summary>
    public int MaxCommitDelayMilliseconds { get; set; } = 20;
}
