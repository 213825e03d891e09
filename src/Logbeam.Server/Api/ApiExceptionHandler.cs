using System.Text.Json;
using Logbeam.Server.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace Logbeam.Server.Api;

/// <summary>
/// The one place where what escapes an endpoint becomes a problem answer: a request the binder could not read (a body
/// member that is unknown, missing or of the wrong type, a malformed parameter) is the caller's 400, naming what was
/// wrong; a store out of space is a 503 the caller can retry. Anything else is left to the default 500 problem.
/// </summary>
internal sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    private const int MaxDetailLength = 400;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var route = (httpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        var method = httpContext.Request.Method;
        IResult answer;
        if (exception is BadHttpRequestException bad)
        {
            ApiLog.ApiRequestRefused(logger, method, route, bad.StatusCode, (bad.InnerException ?? bad).GetType().Name);
            answer = Problems.Status(bad.StatusCode, "Invalid request", Describe(bad));
        }
        else if (StorageFailures.IsOutOfSpace(exception))
        {
            ApiLog.ApiStoreFull(logger, method, route);
            httpContext.Response.Headers.RetryAfter = "60";
            answer = Problems.Status(StatusCodes.Status503ServiceUnavailable, "Storage full",
                "The platform's store is out of space, so nothing was changed; retry once the operator has freed disk space.");
        }
        else
        {
            return false;
        }

        await answer.ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }

    // System.Text.Json names the member in its message ("The JSON property 'logLevel' could not be mapped…",
    // "…missing required properties including: 'level'"); the binder's own message names the parameter.
    private static string Describe(BadHttpRequestException bad)
    {
        var detail = bad.InnerException is JsonException json
            ? "The request body is not valid for this request: " + json.Message
            : bad.Message;
        return detail.Length <= MaxDetailLength ? detail : string.Concat(detail.AsSpan(0, MaxDetailLength), "…");
    }
}
