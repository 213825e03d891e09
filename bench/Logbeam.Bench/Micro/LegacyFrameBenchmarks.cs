using BenchmarkDotNet.Attributes;
using Logbeam.Protocol;

namespace Logbeam.Bench.Micro;

/// <summary>The legacy <c>/cgi-bin/report-log</c> frame: header parse, signature check, line parse.</summary>
[MemoryDiagnoser]
public class LegacyFrameBenchmarks
{
    private byte[] _frame = [];
    private readonly List<LogLine> _lines = new(64);

    [Params(1, 50)]
    public int Lines { get; set; }

    [GlobalSetup]
    public void Setup() =>
        _frame = LegacyFrame.Build('P', "BENCHPROD1", "dev00000", Samples.Timestamp, Samples.LegacyLines(Lines), Samples.Psk);

    [Benchmark]
    public LegacyFrameStatus ParseHeader() => LegacyFrame.TryParse(_frame, out _);

    [Benchmark]
    public bool ParseAndVerify() => LegacyFrame.TryParse(_frame, out var frame) == LegacyFrameStatus.Ok && frame.VerifySignature(Samples.Psk);

    [Benchmark]
    public int ParseVerifyAndSplit()
    {
        _lines.Clear();
        var truncated = 0;
        return LegacyFrame.TryParse(_frame, out var frame) == LegacyFrameStatus.Ok && frame.VerifySignature(Samples.Psk)
            ? frame.ParseLines(_lines, 8192, ref truncated)
            : -1;
    }
}
