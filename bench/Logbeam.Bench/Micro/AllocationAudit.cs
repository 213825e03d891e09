using Logbeam.Protocol;

namespace Logbeam.Bench.Micro;

/// <summary>
/// Bytes the verify-and-parse path (HMAC-SHA256 check, then <see cref="ReportLogBody.TryParse"/>) allocates per
/// request, minus the strings it must create because they are stored (each line's content and tag). The difference
/// between a 50-line and a 1-line body, divided by 49, is what each extra line costs beyond its stored strings.
/// The line list is reused between requests, as the server does (<c>Ingest/LineListPolicy</c>).
/// </summary>
internal static class AllocationAudit
{
    private const int Iterations = 20_000;

    public static IReadOnlyList<Row> Run()
    {
        var rows = new List<Row>();
        foreach (var lines in new[] { 1, 50 })
        {
            var body = Samples.Body(lines);
            var secret = DeviceSecret.ForKey(Samples.Psk);
            var signature = RequestSigner.SignHmac(SignatureAlgorithm.HmacSha256, Samples.Psk, ReportLogHeaders.DefaultCanonicalHost,
                ReportLogHeaders.CanonicalUri, Samples.Timestamp, Samples.Nonce, body);
            string[] hosts = [ReportLogHeaders.DefaultCanonicalHost, "127.0.0.1"];
            ReportLogBody? parsed = null;
            var reused = new List<LogLine>(64);
            void Once()
            {
                if (SignatureVerifier.Verify("hmacsha256", Samples.Timestamp, Samples.Nonce, signature, body, ReportLogHeaders.CanonicalUri, hosts, secret) != SignatureVerdict.Valid
                    || !ReportLogBody.TryParse(body, 8192, Clear(reused), out parsed, out _))
                {
                    throw new InvalidOperationException("The audit's own request does not verify and parse.");
                }
            }

            for (var i = 0; i < 2_000; i++)
            {
                Once();
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Iterations; i++)
            {
                Once();
            }

            var perRequest = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Iterations;
            var stored = parsed!.Lines.Sum(l => StringBytes(l.Content) + (l.Tag is null ? 0 : StringBytes(l.Tag)));
            rows.Add(new Row(lines, perRequest, stored, perRequest - stored));
        }

        return rows;
    }

    private static List<LogLine> Clear(List<LogLine> lines)
    {
        lines.Clear();
        return lines;
    }

    // A string on 64-bit .NET: 8-byte header, method table, 4-byte length, UTF-16 chars and a terminator, 8-aligned.
    private static long StringBytes(string text) => (22 + (2L * text.Length) + 7) / 8 * 8;

    public sealed record Row(int Lines, double AllocatedPerRequest, long StoredStringBytes, double BeyondStored);
}
