using Logbeam.Server.Ingest;
using Logbeam.Server.Storage;

namespace Logbeam.Server.Tests.Architecture;

/// <summary>
/// The server's feature namespaces depend on one another one way only, as docs/architecture.md draws them: a feature
/// uses only features of lower layers, never one of its own layer or above. So a contract lives with the feature that
/// owns it (<c>IDeviceStore</c> in Devices, which Storage implements; <c>INonceCache</c> in Storage, which Ingest uses).
/// </summary>
public sealed class NamespaceDependencyTests
{
    private const string Root = "Logbeam.Server";

    /// <summary>Lowest first. <c>Logbeam.Server</c> itself (<c>LogbeamApp</c>, <c>Program</c>) composes them all.</summary>
    private static readonly string[][] s_layers =
    [
        ["Observability"],
        ["Devices", "Accounting"],
        ["Storage"],
        ["Ingest", "Mqtt"],
        ["Api", "WebConsole"],
        [Root],
    ];

    [Fact]
    public void EveryFeature_DependsOnlyOnLowerLayers()
    {
        var layerOf = s_layers.SelectMany((features, layer) => features.Select(feature => (feature, layer)))
            .ToDictionary(pair => pair.feature, pair => pair.layer);
        var uses = FeatureUses();

        var unknown = uses.SelectMany(use => new[] { use.From, use.To }).Distinct().Where(feature => !layerOf.ContainsKey(feature)).ToList();
        Assert.True(unknown.Count == 0, $"features missing from the layers of this test and docs/architecture.md: {string.Join(", ", unknown)}");

        var upward = uses.Where(use => layerOf[use.To] >= layerOf[use.From])
            .GroupBy(use => $"{use.From} → {use.To}", use => $"{use.Type.FullName} uses {use.Used.FullName}")
            .Select(edge => $"{edge.Key}: {string.Join("; ", edge.Distinct().Take(5))}")
            .ToList();
        Assert.True(upward.Count == 0, "dependencies against the layering:\n" + string.Join("\n", upward));
    }

    [Fact]
    public void TheScan_SeesTheDependenciesTheDesignHas()
    {
        var edges = FeatureUses().Select(use => (use.From, use.To)).ToHashSet();

        // Two that exist by design, each through method bodies and signatures alike: were the scan blind, the layering
        // test above would pass on nothing.
        Assert.Contains(("Ingest", "Storage"), edges);
        Assert.Contains(("Storage", "Devices"), edges);
        Assert.Contains(("Api", "Devices"), edges);
    }

    [Fact]
    public void TheScan_SeesAUseInAMethodBodyOnly()
    {
        var used = TypeReferences.Of(typeof(BodyOnly));

        Assert.Contains(typeof(NonceCache), used);
        Assert.Contains(typeof(INonceCache), used);
        Assert.Contains(typeof(StorageOptions), used);
    }

    private static List<(string From, string To, Type Type, Type Used)> FeatureUses()
    {
        var assembly = typeof(LogbeamApp).Assembly;
        var uses = new List<(string, string, Type, Type)>();
        foreach (var type in assembly.GetTypes())
        {
            // Types the compiler or a source generator places outside the server's namespaces (anonymous types,
            // generated regexes) belong to no feature; their users' own references are scanned anyway.
            if (FeatureOf(type) is not { } from)
            {
                continue;
            }

            foreach (var used in TypeReferences.Of(type))
            {
                if (used.Assembly == assembly && FeatureOf(used) is { } to && to != from)
                {
                    uses.Add((from, to, type, used));
                }
            }
        }

        return uses;
    }

    // Logbeam.Server.Storage.Postgres → Storage; Logbeam.Server → Logbeam.Server.
    private static string? FeatureOf(Type type) => type.Namespace switch
    {
        Root => Root,
        { } name when name.StartsWith(Root + ".", StringComparison.Ordinal) => name[(Root.Length + 1)..].Split('.')[0],
        _ => null,
    };

    private static class BodyOnly
    {
        public static object Use() => typeof(StorageOptions).Name.Length > 0 ? new NonceCache(TimeProvider.System) : new object();

        public static bool Check(object value) => value is INonceCache;
    }
}
