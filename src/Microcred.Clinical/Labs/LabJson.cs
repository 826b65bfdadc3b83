using System.Text.Encodings.Web;
using System.Text.Json;

namespace Microcred.Clinical.Labs;

/// <summary>JSON settings for scenario files: indented, camelCase, readable non-ASCII.</summary>
internal static class LabJson
{
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
