namespace Logbeam.Cli.Simulate;

/// <summary>The fleet's totals at one moment.</summary>
internal sealed record SimulationSummary(int Devices, int Connected, long Generated, long Sent, long Acknowledged, long Dropped, long Errors, string? LastError);
