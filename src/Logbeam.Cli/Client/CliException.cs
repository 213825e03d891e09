namespace Logbeam.Cli.Client;

/// <summary>A failure to tell the person in one sentence, with the exit code it ends the command with.</summary>
public sealed class CliException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
