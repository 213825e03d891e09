namespace Logbeam.Bench.Common;

/// <summary>Appends one Markdown row per run to <c>bench/results/&lt;scenario&gt;.md</c>, writing the header the first time.</summary>
public static class ResultsFile
{
    public static string Append(string scenario, string title, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        var path = Path.Combine(Machine.RepoRoot, "bench", "results", scenario + ".md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var header = "| " + string.Join(" | ", columns) + " |";
        var existing = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        using var writer = new StreamWriter(path, append: true);
        if (!existing.Contains(header, StringComparison.Ordinal))
        {
            writer.WriteLine(existing.Length == 0 ? $"# {title}\n" : string.Empty);
            writer.WriteLine(header);
            writer.WriteLine("|" + string.Concat(Enumerable.Repeat("---|", columns.Count)));
        }

        foreach (var row in rows)
        {
            writer.WriteLine("| " + string.Join(" | ", row) + " |");
        }

        return path;
    }

    public static string Now => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + "Z";
}
