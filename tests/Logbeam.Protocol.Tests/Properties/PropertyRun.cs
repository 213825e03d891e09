using CsCheck;

namespace Logbeam.Protocol.Tests.Properties;

/// <summary>
/// Runs a property over a fixed sequence of generated inputs, so every run (and CI) checks exactly the same cases.
/// CsCheck's own <c>Sample</c> takes a seed for its first iteration only and draws the rest at random.
/// </summary>
internal static class PropertyRun
{
    /// <summary>Inputs per property: thousands, in well under a second for these parsers.</summary>
    public const int Iterations = 5_000;

    // Any fixed stream will do; changing it changes every generated case.
    private const uint Stream = 14;

    /// <summary>
    /// Checks <paramref name="property"/> on <paramref name="iterations"/> inputs. On a failure the message names the
    /// CsCheck seed of the input: <c>gen.Sample(property, seed: "…", iter: 1)</c> replays it, and a larger
    /// <c>iter</c> shrinks it.
    /// </summary>
    public static void ForAll<T>(Gen<T> gen, Action<T> property, Func<T, string> print, int iterations = Iterations)
    {
        for (ulong index = 0; index < (ulong)iterations; index++)
        {
            var pcg = new PCG(Stream, index);
            string seed = pcg.ToString();
            T value = gen.Generate(pcg, null!, out _);
            try
            {
                property(value);
            }
            catch (Exception exception)
            {
                throw new Xunit.Sdk.XunitException($"Property failed at input {index} (CsCheck seed \"{seed}\"): {print(value)}", exception);
            }
        }
    }

    /// <summary>Shows text with its control characters escaped, cut to a readable length.</summary>
    public static string Show(string? text)
    {
        if (text is null)
        {
            return "null";
        }

        string escaped = System.Text.Json.JsonSerializer.Serialize(text);
        return escaped.Length <= 400 ? escaped : string.Concat(escaped.AsSpan(0, 400), $"… ({text.Length} chars)");
    }

    /// <summary>Shows bytes as hex, cut to a readable length.</summary>
    public static string Show(byte[] bytes) =>
        bytes.Length <= 200 ? Convert.ToHexString(bytes) : $"{Convert.ToHexString(bytes.AsSpan(0, 200))}… ({bytes.Length} bytes)";
}
