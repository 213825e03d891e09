namespace Logbeam.Server.Api;

/// <summary>Lets a request through only with <c>Authorization: Bearer &lt;admin key&gt;</c>.</summary>
internal sealed class AdminKeyFilter(AdminKey adminKey) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || !adminKey.Matches(header.AsSpan(scheme.Length).Trim()))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: "Send the admin API key as 'Authorization: Bearer <key>'.");
        }

        return await next(context).ConfigureAwait(false);
    }
}
