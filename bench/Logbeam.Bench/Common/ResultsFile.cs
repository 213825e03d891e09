namespace Logbeam.Bench.Common;

/// <summary>
/// Adds one Markdown row per run to <c>bench/results/&lt;scenario&gt;.md</c>: under the table with the same columns,
/// wherever it is in the file, or in a new table (with its own section heading, if given) at the end.
/// </summary>
public static class ResultsFile
{
    public static string Append(
        string scenario, string title, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows, string? section = null)
    {
        var path = Path.Combine(RepoRoot.Path, "bench", "results", scenario + ".md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var header = "| " + string.Join(" | ", columns) + " |";
        var lines = File.Exists(path) ? File.ReadAllLines(path).ToList() : [];
        var added = rows.Select(row => "| " + string.Join(" | ", row) + " |").ToList();
        var headerAt = lines.IndexOf(header);
        if (headerAt < 0)
        {
            if (lines.Count == 0)
            {
                lines.Add($"# {title}");
            }

            lines.Add(string.Empty);
            if (section is not null)
            {
                lines.Add($"## {section}");
                lines.Add(string.Empty);
            }

            lines.Add(header);
            lines.Add("|" + string.Concat(Enumerable.Repeat("---|", columns.Count)));
            lines.AddRange(added);
        }
        else
        {
            var end = headerAt + 1;
            while (end < lines.Count && lines[end].StartsWith('|'))
            {
                end++;
            }

            lines.InsertRange(end, added);
        }

        File.WriteAllLines(path, lines);
        return path;
    }

    public static string Now => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + "Z";
}
