using Logbeam.Server.Devices;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Logbeam.Server.Api;

/// <summary>RFC 7807 answers for what callers get wrong.</summary>
internal static class Problems
{
    public static ProblemHttpResult From(DeviceRegistryException error) => error.Error switch
    {
        RegistryError.NotFound => Problem(StatusCodes.Status404NotFound, "Not found", error.Message),
        RegistryError.Conflict => Problem(StatusCodes.Status409Conflict, "Conflict", error.Message),
        _ => Invalid(error.Message),
    };

    public static ProblemHttpResult Invalid(string detail) => Problem(StatusCodes.Status400BadRequest, "Invalid request", detail);

    public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemHttpResult Status(int status, string title, string detail) => Problem(status, title, detail);

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
