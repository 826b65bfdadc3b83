using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Microcred.Credentials.Verification;

/// <summary>One check of a verification, e.g. <c>proof</c> or <c>status</c>.</summary>
/// <param name="Name"><c>shape</c>, <c>proof</c>, <c>issuer</c>, <c>validity</c> or <c>status</c>.</param>
/// <param name="Passed">Whether the check passed.</param>
/// <param name="Message">What was found, in words a person understands.</param>
public sealed record VerificationCheck(string Name, bool Passed, string Message);

/// <summary>The outcome of verifying one credential: verified only when every check passed.</summary>
/// <param name="Id">The credential's id, when it has one.</param>
/// <param name="Checks">Every check, passed or not.</param>
public sealed record VerificationResult(string? Id, IReadOnlyList<VerificationCheck> Checks)
{
    /// <summary>True when there is at least one check and all passed.</summary>
    public bool Verified => Checks.Count > 0 && Checks.All(c => c.Passed);

    /// <summary>The result as one line of JSON: <c>{"id":…,"verified":…,"checks":[{"name","passed","message"}…]}</c>.</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (Id is null)
            {
                w.WriteNull("id");
            }
            else
            {
                w.WriteString("id", Id);
            }
            w.WriteBoolean("verified", Verified);
            w.WriteStartArray("checks");
            foreach (var check in Checks)
            {
                w.WriteStartObject();
                w.WriteString("name", check.Name);
                w.WriteBoolean("passed", check.Passed);
                w.WriteString("message", check.Message);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
