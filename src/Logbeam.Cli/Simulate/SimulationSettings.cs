namespace Logbeam.Cli.Simulate;

/// <summary>What <c>logbeam simulate</c> was asked to do.</summary>
internal sealed record SimulationSettings
{
    public required Uri Server { get; init; }

    public Uri? Mqtt { get; init; }

    public required string ProductId { get; init; }

    public int Devices { get; init; } = 10;

    public string DevicePrefix { get; init; } = "sim-";

    /// <summary>Lines per second per device.</summary>
    public double Rate { get; init; } = 5;

    /// <summary>How long to run; <see langword="null"/> until Ctrl+C.</summary>
    public TimeSpan? Duration { get; init; }

    public bool Create { get; init; }

    public string? ApiKey { get; init; }

    public required string CredentialsFile { get; init; }

    /// <summary>The product's default level when <see cref="Create"/> makes the product.</summary>
    public int ProductLevel { get; init; } = 3;

    public string? SpoolDirectory { get; init; }
}
