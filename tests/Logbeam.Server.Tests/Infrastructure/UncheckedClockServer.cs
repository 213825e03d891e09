namespace Logbeam.Server.Tests.Infrastructure;

/// <summary>A server with the timestamp window off, so the protocol vectors' fixed 2023 timestamps pass.</summary>
public sealed class UncheckedClockServer() : LogbeamServer(new() { ["Ingest:CheckTimestamp"] = "false" });
