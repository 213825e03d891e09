namespace Logbeam.Server.Storage;

/// <summary>What every store does to text before it keeps it, so that all of them give back the same line.</summary>
internal static class StoredText
{
    /// <summary>
    /// U+0000 becomes U+FFFD (the replacement character). PostgreSQL's text cannot hold NUL and a device may send one;
    /// one bad line must not fail a commit, and SQLite, which could keep it, replaces it too.
    /// </summary>
    public static string WithoutNul(string text) =>
        text.Contains('\0', StringComparison.Ordinal) ? text.Replace('\0', '\uFFFD') : text;
}
