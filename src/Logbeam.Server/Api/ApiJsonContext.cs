using System.Text.Json;
using System.Text.Json.Serialization;

namespace Logbeam.Server.Api;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CreateProductRequest))]
[JsonSerializable(typeof(ProductResponse))]
[JsonSerializable(typeof(IReadOnlyList<ProductResponse>))]
[JsonSerializable(typeof(CreateDeviceRequest))]
[JsonSerializable(typeof(DeviceResponse))]
[JsonSerializable(typeof(IReadOnlyList<DeviceResponse>))]
[JsonSerializable(typeof(DeviceCredentialsResponse))]
[JsonSerializable(typeof(SetLevelRequest))]
[JsonSerializable(typeof(RotateKeyRequest))]
[JsonSerializable(typeof(LogPage))]
[JsonSerializable(typeof(LogItem))]
[JsonSerializable(typeof(ProductStats))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
