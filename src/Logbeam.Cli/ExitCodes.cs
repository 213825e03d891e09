namespace Logbeam.Cli;

/// <summary>What <c>logbeam</c> exits with; docs/cli.md lists them for scripts.</summary>
public static class ExitCodes
{
    /// <summary>It worked.</summary>
    public const int Success = 0;

    /// <summary>The server refused the request (invalid value, already exists) or failed.</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong: unknown command or option, missing or malformed argument.</summary>
    public const int Usage = 2;

    /// <summary>The server could not be reached, or what answered is not a Logbeam server.</summary>
    public const int Unreachable = 3;

    /// <summary>No API key was given, or the server refused it.</summary>
    public const int Unauthorized = 4;

    /// <summary>The product or device does not exist.</summary>
    public const int NotFound = 5;

    /// <summary>Stopped by Ctrl-C (SIGINT), as shells report it: the normal end of <c>logs tail</c>.</summary>
    public const int Interrupted = 130;
}
