namespace Logbeam.Bench.Ingest;

/// <summary>What one measured window of load produced.</summary>
internal sealed record LoadResult(
    double Seconds,
    long Succeeded,
    long Failed,
    long LinesAcknowledged,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    double LoadGeneratorCpuSeconds,
    string? FirstFailure)
{
    public double RequestsPerSecond => Succeeded / Seconds;

    public double LinesPerSecond => LinesAcknowledged / Seconds;
}
