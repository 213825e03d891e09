using System.CommandLine;
using Logbeam.Cli.Commands;

// Minimal root for the simulate branch; the full CLI (serve, devices, levels, logs) composes the same way.
var root = new RootCommand("Logbeam: self-hosted device logs, wire-compatible with Tencent Cloud IoT device log reporting.")
{
    SimulateCommand.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
