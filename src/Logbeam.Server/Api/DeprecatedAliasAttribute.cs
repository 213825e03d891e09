namespace Logbeam.Server.Api;

/// <summary>
/// Marks a request member kept under its old name for one release: it is accepted as before, shown as deprecated in
/// the OpenAPI document, and refused (400) when the body also gives the current name.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DeprecatedAliasAttribute(string? currentName = null) : Attribute
{
    /// <summary>The JSON name to use instead; null when the member has no successor (it is simply no longer needed).</summary>
    public string? CurrentName { get; } = currentName;

    /// <summary>The answer to an old name when the server no longer accepts them (<see cref="ApiOptions.AcceptDeprecatedNames"/>).</summary>
    internal static string Refusal(string oldName, string? currentName) =>
        $"{oldName} is a name of an earlier release that this server no longer accepts (Api:AcceptDeprecatedNames is false)" +
        (currentName is null ? "; leave it out." : $"; use {currentName}.");
}
