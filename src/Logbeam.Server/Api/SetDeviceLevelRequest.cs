namespace Logbeam.Server.Api;

/// <summary>
/// Body of <c>PUT …/devices/{deviceName}/log-level</c>, in the names a device answer uses: <c>logLevel</c> (required: a
/// level, or null to clear the device's own level so the product default applies again) and <c>levelExpiresAt</c> (the
/// level falls back by itself at that time). <c>level</c> and <c>expiresAt</c> are the names of earlier releases, still
/// accepted for this one; a body giving both the old and the current name of a member is refused.
/// </summary>
public sealed record SetDeviceLevelRequest(
    LevelInput? LogLevel = null,
    DateTimeOffset? LevelExpiresAt = null,
    [property: DeprecatedAlias("logLevel")] LevelInput? Level = null,
    [property: DeprecatedAlias("levelExpiresAt")] DateTimeOffset? ExpiresAt = null)
{
    /// <summary>The level and expiry asked for, or the sentence saying what is wrong with the body.</summary>
    internal bool TryRead(bool acceptDeprecatedNames, out LevelInput level, out DateTimeOffset? expiresAt, out string error)
    {
        level = LevelInput.Null;
        expiresAt = LevelExpiresAt ?? ExpiresAt;
        error = string.Empty;
        if (!acceptDeprecatedNames && (Level is not null || ExpiresAt is not null))
        {
            error = Level is not null ? DeprecatedAliasAttribute.Refusal("level", "logLevel") : DeprecatedAliasAttribute.Refusal("expiresAt", "levelExpiresAt");
            return false;
        }

        if (LogLevel is not null && Level is not null)
        {
            error = "Give logLevel or its old name level, not both.";
            return false;
        }

        if (LevelExpiresAt is not null && ExpiresAt is not null)
        {
            error = "Give levelExpiresAt or its old name expiresAt, not both.";
            return false;
        }

        var member = LogLevel is not null ? "logLevel" : "level";
        if ((LogLevel ?? Level) is not { } given)
        {
            error = "logLevel is required: a level (0-4 or off, error, warn, info, debug), or null to clear the device's own level.";
            return false;
        }

        if (!given.IsValid)
        {
            error = LevelInput.Refusal(member, nullAllowed: true);
            return false;
        }

        level = given;
        return true;
    }
}
