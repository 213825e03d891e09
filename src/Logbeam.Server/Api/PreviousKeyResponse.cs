namespace Logbeam.Server.Api;

/// <summary>
/// A device's previous key after a rotation: <c>Active</c> while it is still accepted, until <c>ExpiresAt</c> (the
/// moment the overlap was ended, when it was ended early); <c>LastUsedAt</c> is when a device last authenticated with it.
/// </summary>
public sealed record PreviousKeyResponse(DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, bool Active);
