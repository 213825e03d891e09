using System.Globalization;
using System.Text.RegularExpressions;

namespace Logbeam.Server.Tests.Observability;

/// <summary>
/// A <c>/metrics</c> answer read as Prometheus reads its text format: every line must parse, every sample must
/// belong to a family declared before it, and no family may be declared twice.
/// </summary>
internal sealed partial class PrometheusScrape
{
    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    public Dictionary<string, string> Types { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Help { get; } = new(StringComparer.Ordinal);

    public List<Sample> Samples { get; } = [];

    public static async Task<PrometheusScrape> ReadAsync(HttpClient client) => Parse(await client.GetStringAsync("/metrics"));

    public static PrometheusScrape Parse(string text)
    {
        var scrape = new PrometheusScrape();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var (name, help) = Split(line["# HELP ".Length..]);
                Assert.True(scrape.Help.TryAdd(name, help), $"HELP for {name} twice");
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var (name, type) = Split(line["# TYPE ".Length..]);
                Assert.Contains(type, new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                Assert.True(scrape.Types.TryAdd(name, type), $"TYPE for {name} twice");
            }
            else if (!line.StartsWith('#'))
            {
                scrape.Samples.Add(scrape.ParseSample(line));
            }
        }

        return scrape;
    }

    /// <summary>The value of the sample with exactly these labels, or null when there is none.</summary>
    public double? Value(string name, params (string Name, string Value)[] labels) =>
        Samples.SingleOrDefault(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.GetValueOrDefault(l.Name) == l.Value))?.Value;

    /// <summary>Every sample of a family, a histogram's buckets, sum and count included.</summary>
    public IEnumerable<Sample> Family(string family) => Samples.Where(s => s.Family == family);

    private Sample ParseSample(string line)
    {
        var match = SampleLine().Match(line);
        Assert.True(match.Success, $"not a sample line: {line}");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match label in LabelPair().Matches(match.Groups["labels"].Value))
        {
            Assert.True(labels.TryAdd(label.Groups["name"].Value, Regex.Unescape(label.Groups["value"].Value)), $"a label twice: {line}");
        }

        var name = match.Groups["name"].Value;
        var family = Types.ContainsKey(name) ? name : null;
        foreach (var suffix in HistogramSuffixes)
        {
            if (family is null && name.EndsWith(suffix, StringComparison.Ordinal) && Types.GetValueOrDefault(name[..^suffix.Length]) == "histogram")
            {
                family = name[..^suffix.Length];
            }
        }

        Assert.True(family is not null, $"{name} is sampled before (or without) its TYPE");
        var number = match.Groups["value"].Value;
        var value = number switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, family, labels, value);
    }

    private static (string Name, string Text) Split(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        Assert.True(space > 0, $"no text after the name: {text}");
        return (text[..space], text[(space + 1)..]);
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*",?)*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>([^"\\]|\\.)*)",?""")]
    private static partial Regex LabelPair();

    public sealed record Sample(string Name, string Family, IReadOnlyDictionary<string, string> Labels, double Value);
}
