namespace Logbeam.Server.Api;

/// <summary>The management API (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>
    /// The admin API key callers send as <c>Authorization: Bearer …</c>. When empty, one is generated on first start,
    /// stored in <c>admin.key</c> in the data directory and printed once. The default value is empty.
    /// </summary>
    public string? AdminKey { get; set; }

    /// <summary>
    /// Whether request members are still accepted under the names of earlier releases (a log-level body's <c>level</c>
    /// and <c>expiresAt</c>). Set it to false to find the clients that still send them before an upgrade removes them:
    /// they then get a 400 naming the current name. The default value is <c>true</c>.
    /// </summary>
    public bool AcceptDeprecatedNames { get; set; } = true;
}
