using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Logbeam.Server.Api;

/// <summary>
/// What the generated OpenAPI document (<c>/openapi/v1.json</c>) cannot work out from the code alone: that a level is
/// a number or a name (it is read by a converter, which the schema generator sees as "anything"), and which request
/// members are old names kept for one release.
/// </summary>
internal static class ApiDocument
{
    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Logbeam";
            document.Info.Description =
                "The management API (under /api/v1, behind the admin key as a Bearer token) and the device upload endpoints. " +
                "Requests use the names answers use: a device's logLevel and levelExpiresAt, a product's defaultLogLevel. " +
                "Wherever a level goes in, it may be a number 0-4 or a name (off, error, warn, info, debug, or DIS, ERR, WRN, " +
                "INF, DBG; any case).";
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(LevelInput))
            {
                schema.Type = JsonSchemaType.Integer | JsonSchemaType.String | JsonSchemaType.Null;
                schema.Properties?.Clear();
                schema.Description = "A level: 0 (off) to 4 (debug), or a name: off, error, warn, info, debug (also DIS, ERR, WRN, " +
                    "INF, DBG, and \"0\"-\"4\"), in any case.";
                schema.Examples = [JsonValue.Create("debug"), JsonValue.Create(3)];
            }

            if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(DeprecatedAliasAttribute), false) is [DeprecatedAliasAttribute alias, ..])
            {
                schema.Deprecated = true;
                schema.Description = alias.CurrentName is { } current
                    ? $"Deprecated: the old name of {current}, accepted for one more release. Giving both is refused."
                    : "Deprecated: accepted for one more release, as null only.";
            }

            return Task.CompletedTask;
        });
    }
}
