using System.Text.Json.Serialization;

namespace Microcred.Credentials.OpenBadges;

/// <summary>Source-generated serialization of the Open Badges model: camelCase, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    MaxDepth = 32)]
[JsonSerializable(typeof(OpenBadgeCredential))]
[JsonSerializable(typeof(Achievement))]
[JsonSerializable(typeof(Profile))]
internal sealed partial class OpenBadgesJsonContext : JsonSerializerContext;
