using System.Text.Json;
using Spectre.Console;

namespace Logbeam.Cli.Output;

/// <summary>Where a command writes: tables and coloured lines for people, JSON for scripts, errors to stderr.</summary>
public sealed class Terminal(IAnsiConsole console, TextWriter output, TextWriter error)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Rich output for people; plain (no colour, wide) when stdout is a pipe or a file.</summary>
    public IAnsiConsole Console { get; } = console;

    public TextWriter Error { get; } = error;

    public static Terminal ForProcess()
    {
        var redirected = System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(System.Console.Out),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = 240; // a pipe has no width: do not wrap table rows at 80
        }

        return new Terminal(console, System.Console.Out, System.Console.Error);
    }

    /// <summary>A JSON value as the API gave it, indented.</summary>
    public void Json(JsonElement value) => output.WriteLine(JsonSerializer.Serialize(value, Indented));

    /// <summary>One JSON value on one line (NDJSON), for streams of lines.</summary>
    public void JsonLine(JsonElement value)
    {
        output.WriteLine(value.GetRawText());
        output.Flush();
    }

    public void Line(string markup) => Console.MarkupLine(markup);

    public void Fail(string message) => Error.WriteLine("error: " + message);

    public void Note(string message) => Error.WriteLine(message);
}
