namespace Logbeam.Server.Api;

/// <summary>A page of lines, newest first; pass <c>NextCursor</c> as <c>cursor</c> for the next (older) page. Null at the end.</summary>
public sealed record LogPage(IReadOnlyList<LogItem> Items, string? NextCursor);
