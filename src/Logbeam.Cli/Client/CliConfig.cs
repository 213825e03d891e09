using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using Logbeam.Server.Observability;

namespace Logbeam.Cli.Client;

/// <summary>
/// The settings <c>logbeam login</c> saves: <c>$XDG_CONFIG_HOME/logbeam/config.json</c> (by default
/// <c>~/.config/logbeam/config.json</c>), readable by its owner only since it holds the admin key.
/// </summary>
public sealed record CliConfig(string? Server, string? ApiKey)
{
    // Printed without the admin key.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Server = {Server}, ApiKey = {LogValue.Hidden(ApiKey)}");
        return true;
    }

    public static string FilePath
    {
        get
        {
            var home = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            if (string.IsNullOrEmpty(home))
            {
                home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            }

            return Path.Combine(home, "logbeam", "config.json");
        }
    }

    /// <summary>The saved settings, or empty ones when there is no file.</summary>
    public static CliConfig Load()
    {
        var path = FilePath;
        if (!File.Exists(path))
        {
            return new CliConfig(null, null);
        }

        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path));
            return new CliConfig(json?["server"]?.GetValue<string>(), json?["apiKey"]?.GetValue<string>());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new CliException($"{path} is not valid JSON ({ex.Message}); run 'logbeam login' again or delete it.", ExitCodes.Usage);
        }
    }

    public void Save()
    {
        var path = FilePath;
        var directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var json = new JsonObject { ["server"] = Server, ["apiKey"] = ApiKey }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        // Written beside and moved over, so a crash never leaves half a file; created 0600 so the key is never readable by others.
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new StreamWriter(temporary, System.Text.Encoding.UTF8, options))
        {
            file.Write(json);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
