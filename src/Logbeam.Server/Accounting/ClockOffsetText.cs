using static System.FormattableString;

namespace Logbeam.Server.Accounting;

/// <summary>A device clock's offset in words an operator reads at a glance: "2 h 13 min behind", "45 s ahead".</summary>
public static class ClockOffsetText
{
    public static string Describe(double offsetSeconds)
    {
        var seconds = (long)Math.Round(Math.Abs(offsetSeconds));
        var way = offsetSeconds < 0 ? "behind" : "ahead";
        if (seconds == 0)
        {
            return "in step";
        }

        var amount = seconds switch
        {
            < 60 => Invariant($"{seconds} s"),
            < 3600 => seconds % 60 == 0 ? Invariant($"{seconds / 60} min") : Invariant($"{seconds / 60} min {seconds % 60} s"),
            < 86400 => seconds / 60 % 60 == 0 ? Invariant($"{seconds / 3600} h") : Invariant($"{seconds / 3600} h {seconds / 60 % 60} min"),
            _ => Invariant($"{seconds / 86400} d {seconds / 3600 % 24} h"),
        };
        return amount + " " + way;
    }
}
