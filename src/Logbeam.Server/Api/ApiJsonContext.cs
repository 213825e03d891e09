using System.Text.Json;
using System.Text.Json.Serialization;

namespace Logbeam.Server.Api;

// Request bodies are read strictly: a member the API does not know, or a constructor parameter without a default
// that the body leaves out, is refused (400, naming the member) instead of being ignored or read as null.
// AddLogbeamApi copies these two settings onto the options minimal APIs bind bodies with.
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(CreateProductRequest))]
[JsonSerializable(typeof(UpdateProductRequest))]
[JsonSerializable(typeof(ProductResponse))]
[JsonSerializable(typeof(IReadOnlyList<ProductResponse>))]
[JsonSerializable(typeof(CreateDeviceRequest))]
[JsonSerializable(typeof(DeviceResponse))]
[JsonSerializable(typeof(IReadOnlyList<DeviceResponse>))]
[JsonSerializable(typeof(DeviceCredentialsResponse))]
[JsonSerializable(typeof(LineEventsResponse))]
[JsonSerializable(typeof(SetDeviceLevelRequest))]
[JsonSerializable(typeof(SetProductLevelRequest))]
[JsonSerializable(typeof(RotateKeyRequest))]
[JsonSerializable(typeof(LogPage))]
[JsonSerializable(typeof(LogItem))]
[JsonSerializable(typeof(ProductStats))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
