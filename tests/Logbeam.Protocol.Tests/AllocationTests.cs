using System.Text;

namespace Logbeam.Protocol.Tests;

/// <summary>The hot paths allocate nothing beyond the strings they return.</summary>
public class AllocationTests
{
    [Fact]
    public void Verify_ValidAndInvalidSignatures_AllocateNothing()
    {
        byte[] body = Vectors.Bytes("java_body.json");
        DeviceSecret secret = DeviceSecret.ForKey(Vectors.Psk + "-longer-than-24");
        string[] hosts = ["logbeam.internal", "logs.example.com", Vectors.Host];
        string signature = RequestSigner.SignHmac(
            SignatureAlgorithm.HmacSha1, Vectors.Psk, Vectors.Host, ReportLogHeaders.CanonicalUri, 1700000000, 1, body);
        const string wrong = "AAAAAAAAAAAAAAAAAAAAAAAAAAA=";

        // Warm up, so one-time initialisation is not counted; assert outside the measured region.
        (SignatureVerdict valid, SignatureVerdict invalid) = Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(SignatureVerdict.Valid, valid);
        Assert.Equal(SignatureVerdict.Invalid, invalid);
        Assert.Equal(0, allocated);

        (SignatureVerdict Valid, SignatureVerdict Invalid) Run() =>
            (SignatureVerifier.Verify("HmacSha1", 1700000000, 1, signature, body, ReportLogHeaders.CanonicalUri, hosts, secret),
             SignatureVerifier.Verify("HmacSha1", 1700000000, 1, wrong, body, ReportLogHeaders.CanonicalUri, hosts, secret));
    }

    [Fact]
    public void ReportLogBodyTryParse_AllocatesLittleBeyondReturnedStrings()
    {
        string line = "INF|2023-11-15 06:13:20|MainActivity|" + new string('x', 200);
        string element = string.Join("\\n\\f", Enumerable.Repeat(line, 100));
        byte[] json = Encoding.UTF8.GetBytes($$"""{"ProductId":"p","DeviceName":"d","Message":["{{element}}"]}""");

        ReportLogBody.TryParse(json, 1024, out _, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(ReportLogBody.TryParse(json, 1024, out ReportLogBody? body, out _));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Beyond each line's tag and content strings, only the growing List<LogLine> (about 100 bytes per line at
        // 100 lines, as its array doubles) and the body object; nothing proportional to the text.
        long returnedStrings = body!.Lines.Sum(l => 24 + (2L * l.Tag!.Length) + 24 + (2L * l.Content.Length));
        Assert.InRange((allocated - returnedStrings) / body.Lines.Count, 0, 128);
    }
}
