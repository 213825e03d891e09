using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Logbeam.Server.Tests.Observability;

/// <summary>A meter factory of its own, as each host has.</summary>
internal static class TestMeters
{
    public static IMeterFactory Factory() =>
        new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
}
