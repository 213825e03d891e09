using System.Text.Json.Serialization;

namespace Logbeam.Server.Ingest;

[JsonSerializable(typeof(string))]
internal sealed partial class IngestJsonContext : JsonSerializerContext;
