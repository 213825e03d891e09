using System.Net;
using System.Text.Json;

namespace Logbeam.Server.Tests.Api;

/// <summary>The one check of a management API refusal: its status, an RFC 7807 problem, and what its detail says.</summary>
internal static class ProblemAssert
{
    /// <summary>Asserts <paramref name="response"/> is a problem with <paramref name="status"/> whose detail contains <paramref name="mentions"/>; returns the problem.</summary>
    public static async Task<JsonElement> IsAsync(
        HttpResponseMessage response, HttpStatusCode status, string? mentions, StringComparison comparison = StringComparison.Ordinal)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        if (mentions is not null)
        {
            Assert.Contains(mentions, problem.GetProperty("detail").GetString(), comparison);
        }

        return problem;
    }
}
