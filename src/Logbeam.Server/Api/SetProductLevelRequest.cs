using Logbeam.Protocol;

namespace Logbeam.Server.Api;

/// <summary>
/// Body of <c>PUT /api/v1/products/{productId}/log-level</c>, in the names a product answer uses:
/// <c>defaultLogLevel</c>, required. <c>level</c> is the name of earlier releases, still accepted for this one (a body
/// giving both is refused); so is <c>expiresAt</c>, which only ever could be null, as a product default does not expire.
/// </summary>
public sealed record SetProductLevelRequest(
    LevelInput? DefaultLogLevel = null,
    [property: DeprecatedAlias("defaultLogLevel")] LevelInput? Level = null,
    [property: DeprecatedAlias] DateTimeOffset? ExpiresAt = null)
{
    /// <summary>The level asked for, or the sentence saying what is wrong with the body.</summary>
    internal bool TryRead(bool acceptDeprecatedNames, out DeviceLogLevel level, out string error)
    {
        level = default;
        error = string.Empty;
        if (!acceptDeprecatedNames && (Level is not null || ExpiresAt is not null))
        {
            error = Level is not null
                ? DeprecatedAliasAttribute.Refusal("level", "defaultLogLevel")
                : DeprecatedAliasAttribute.Refusal("expiresAt", null);
            return false;
        }

        if (DefaultLogLevel is not null && Level is not null)
        {
            error = "Give defaultLogLevel or its old name level, not both.";
            return false;
        }

        if (ExpiresAt is not null)
        {
            error = "A product default does not expire; set levelExpiresAt on a device level instead.";
            return false;
        }

        var member = DefaultLogLevel is not null ? "defaultLogLevel" : "level";
        if ((DefaultLogLevel ?? Level)?.Level is not { } given)
        {
            error = (DefaultLogLevel ?? Level) is null
                ? "defaultLogLevel is required: a level (0-4 or off, error, warn, info, debug)."
                : LevelInput.Refusal(member, nullAllowed: false);
            return false;
        }

        level = given;
        return true;
    }
}
