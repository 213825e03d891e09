namespace Logbeam.Testing;

/// <summary>
/// A server that refuses the request names of earlier releases, for the clients shipped with it (CLI, console): their
/// tests against it prove they send only the current names.
/// </summary>
public class CurrentNamesServer() : LogbeamServer(new() { ["Api:AcceptDeprecatedNames"] = "false" });
