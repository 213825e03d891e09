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
}
