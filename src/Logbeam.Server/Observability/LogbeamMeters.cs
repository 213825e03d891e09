namespace Logbeam.Server.Observability;

/// <summary>
/// The names of the platform's meters, one per area. Each host makes its own through its <c>IMeterFactory</c>, so two
/// servers in one process count apart; <c>/metrics</c> shows these meters' instruments under their own names.
/// </summary>
public static class LogbeamMeters
{
    /// <summary>Uploads, the lines in them, and the writer that commits them.</summary>
    public const string Ingest = "Logbeam.Ingest";

    /// <summary>The embedded broker: connections, CONNECTs, device requests and level pushes.</summary>
    public const string Mqtt = "Logbeam.Mqtt";

    /// <summary>What every platform meter's name starts with.</summary>
    public const string Prefix = "Logbeam.";
}
