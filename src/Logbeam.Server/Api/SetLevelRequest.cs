namespace Logbeam.Server.Api;

/// <summary>
/// Body of the log-level endpoints: <c>level</c> 0–4, required. For a device, a null level clears its own level (the
/// product default applies again), and <c>expiresAt</c> makes the level fall back by itself at that time.
/// </summary>
public sealed record SetLevelRequest(int? Level, DateTimeOffset? ExpiresAt = null);
