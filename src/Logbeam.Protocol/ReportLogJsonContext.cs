using System.Text.Json.Serialization;

namespace Logbeam.Protocol;

/// <summary>The outer <c>{"Response":…}</c> object.</summary>
internal sealed record ReportLogEnvelope(ReportLogResult Response);

/// <summary>The <c>Response</c> object; <c>Error</c> comes first, as in Tencent Cloud API 3.0 responses.</summary>
internal sealed record ReportLogResult(ReportLogError? Error, string RequestId);

/// <summary>The <c>Response.Error</c> object.</summary>
internal sealed record ReportLogError(string Code, string Message);

/// <summary>Source-generated serialisation, so responses need no reflection (the library is trimmable and AOT-safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReportLogEnvelope))]
internal sealed partial class ReportLogJsonContext : JsonSerializerContext;
