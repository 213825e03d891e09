using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Logbeam.Bench.Common;

namespace Logbeam.Bench.Micro;

/// <summary>
/// <c>micro</c>: BenchmarkDotNet over the hot paths (short in-process job by default, so it takes minutes and needs no
/// extra build), then the allocation audit. They go to <c>bench/results/micro.md</c> and <c>micro-allocations.md</c>.
/// </summary>
internal static class MicroScenario
{
    public static int Run(string[] args)
    {
        var auditOnly = args.Contains("--audit-only");
        var rows = new List<IReadOnlyList<string>>();
        var date = ResultsFile.Now;
        var commit = Machine.Commit;
        if (!auditOnly)
        {
            var switches = args.Any(a => a.StartsWith("--filter", StringComparison.Ordinal)) ? args : [.. args, "--filter", "*"];
            var config = DefaultConfig.Instance
                .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
                .AddDiagnoser(MemoryDiagnoser.Default)
                .WithOptions(ConfigOptions.DisableOptimizationsValidator);
            var summaries = BenchmarkSwitcher.FromTypes([typeof(SignatureBenchmarks), typeof(BodyBenchmarks), typeof(LegacyFrameBenchmarks), typeof(MetricsBenchmarks)])
                .Run(switches, config);
            foreach (var report in summaries.SelectMany(s => s.Reports))
            {
                var benchmark = report.BenchmarkCase;
                var allocated = report.GcStats.GetBytesAllocatedPerOperation(benchmark);
                rows.Add(
                [
                    date, commit, Machine.Summary,
                    $"{benchmark.Descriptor.Type.Name}.{benchmark.Descriptor.WorkloadMethod.Name}",
                    benchmark.Parameters.DisplayInfo,
                    report.ResultStatistics is { } stats ? (stats.Mean / 1000.0).ToString("F2", CultureInfo.InvariantCulture) : "n/a",
                    allocated?.ToString(CultureInfo.InvariantCulture) ?? "n/a",
                ]);
            }

            var path = ResultsFile.Append("micro", "micro — BenchmarkDotNet hot paths (bench/README.md)",
                ["date", "commit", "machine", "benchmark", "params", "mean µs", "allocated B/op"], rows);
            Console.WriteLine($"appended to {path}");
        }

        var audit = AllocationAudit.Run();
        foreach (var row in audit)
        {
            Console.WriteLine($"verify+parse, {row.Lines,2} line(s): {row.AllocatedPerRequest,8:F0} B allocated, {row.StoredStringBytes,6} B of it stored strings, {row.BeyondStored,6:F0} B beyond");
        }

        var perLine = (audit[1].BeyondStored - audit[0].BeyondStored) / (audit[1].Lines - audit[0].Lines);
        Console.WriteLine($"each extra line allocates {perLine:F1} B beyond its stored strings");
        var auditPath = ResultsFile.Append("micro-allocations", "micro — allocations of the verify-and-parse path (bench/README.md)",
            ["date", "commit", "machine", "verify+parse B/request (1 line)", "stored strings B (1 line)", "B/request (50 lines)", "stored strings B (50 lines)", "B per extra line beyond stored strings"],
            [[
                date, commit, Machine.Summary,
                audit[0].AllocatedPerRequest.ToString("F0", CultureInfo.InvariantCulture), audit[0].StoredStringBytes.ToString(CultureInfo.InvariantCulture),
                audit[1].AllocatedPerRequest.ToString("F0", CultureInfo.InvariantCulture), audit[1].StoredStringBytes.ToString(CultureInfo.InvariantCulture),
                perLine.ToString("F1", CultureInfo.InvariantCulture),
            ]]);
        Console.WriteLine($"appended to {auditPath}");
        return 0;
    }
}
