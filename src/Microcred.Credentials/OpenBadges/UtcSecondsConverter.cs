using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microcred.Credentials.OpenBadges;

/// <summary>Writes times as <c>yyyy-MM-ddTHH:mm:ssZ</c>, the form the VC and OB examples use.</summary>
internal sealed class UtcSecondsConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null || !Proofs.ProofVerifier.TryParseDateTime(text, out var value))
        {
            throw new JsonException($"\"{text}\" is not a date-time with a time zone, e.g. 2025-01-31T12:00:00Z.");
        }
        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToText(value));

    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}

/// <summary>The nullable form of <see cref="UtcSecondsConverter"/>.</summary>
internal sealed class NullableUtcSecondsConverter : JsonConverter<DateTimeOffset?>
{
    private static readonly UtcSecondsConverter Inner = new();

    public override bool HandleNull => false;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Inner.Read(ref reader, typeof(DateTimeOffset), options);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            Inner.Write(writer, value.Value, options);
        }
    }
}
