using BenchmarkDotNet.Attributes;
using Logbeam.Protocol;

namespace Logbeam.Bench.Micro;

/// <summary>Body parsing (<see cref="ReportLogBody.TryParse"/>) and line splitting (<see cref="LogLineParser.Parse"/>).</summary>
[MemoryDiagnoser]
public class BodyBenchmarks
{
    private byte[] _body = [];
    private string _element = string.Empty;
    private readonly List<LogLine> _lines = new(64);

    [Params(1, 50)]
    public int Lines { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = Samples.Body(Lines);
        _element = Samples.Element(Lines);
    }

    /// <summary>As the server parses: into a line list reused between uploads.</summary>
    [Benchmark]
    public int ParseBodyReusedList()
    {
        _lines.Clear();
        return ReportLogBody.TryParse(_body, 8192, _lines, out var body, out _) ? body!.Lines.Count : -1;
    }

    [Benchmark]
    public int ParseBody() => ReportLogBody.TryParse(_body, 8192, out var body, out _) ? body!.Lines.Count : -1;

    [Benchmark]
    public int SplitLines()
    {
        _lines.Clear();
        var truncated = 0;
        return LogLineParser.Parse(_element, _lines, 8192, ref truncated);
    }
}
