using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using Microcred.Credentials.Keys;
using Microcred.Credentials.OpenBadges;
using Microcred.Credentials.Proofs;

namespace Microcred.Credentials.Status;

/// <summary>What a status list credential says, read without checking its proof.</summary>
/// <param name="Id">The list's URL (the credential id).</param>
/// <param name="IssuerId">Who issued it.</param>
/// <param name="StatusPurposes">The purposes the list serves.</param>
/// <param name="List">The decoded bits.</param>
/// <param name="ValidFrom">When it becomes valid.</param>
/// <param name="ValidUntil">When it expires.</param>
public sealed record StatusListCredentialContent(string Id, string IssuerId, IReadOnlyList<string> StatusPurposes, BitstringStatusList List, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil);

/// <summary>Creates, reads and re-signs W3C <c>BitstringStatusListCredential</c>s.</summary>
public static class StatusListCredential
{
    /// <summary>
    /// A signed status list credential for <paramref name="list"/>, published at <paramref name="listUrl"/>,
    /// issued by the signer's DID (which must be the issuer of the credentials it covers).
    /// </summary>
    public static ValueTask<byte[]> CreateAsync(string listUrl, string statusPurpose, BitstringStatusList list, ICredentialSigner signer, DateTimeOffset validFrom, DateTimeOffset? validUntil = null, bool indented = true, CancellationToken cancellationToken = default) =>
        CreateAsync(EddsaRdfc2022Suite.Instance, listUrl, statusPurpose, list, signer, validFrom, validUntil, indented, cancellationToken);

    internal static async ValueTask<byte[]> CreateAsync(EddsaRdfc2022Suite suite, string listUrl, string statusPurpose, BitstringStatusList list, ICredentialSigner signer, DateTimeOffset validFrom, DateTimeOffset? validUntil, bool indented, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(signer);
        if (!Uri.TryCreate(listUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"\"{listUrl}\" is not an http(s) URL.", nameof(listUrl));
        }
        if (statusPurpose is not (OpenBadges.StatusPurposes.Revocation or OpenBadges.StatusPurposes.Suspension))
        {
            throw new ArgumentException("The status purpose must be \"revocation\" or \"suspension\".", nameof(statusPurpose));
        }
        if (validUntil is { } until && until <= validFrom)
        {
            throw new ArgumentException("validUntil must be later than validFrom.", nameof(validUntil));
        }
        var hash = signer.VerificationMethod.IndexOf('#', StringComparison.Ordinal);
        var issuer = hash < 0 ? signer.VerificationMethod : signer.VerificationMethod[..hash];

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("@context");
            w.WriteStringValue(OpenBadgeContexts.VerifiableCredentialsV2);
            w.WriteEndArray();
            w.WriteString("id", listUrl);
            w.WriteStartArray("type");
            w.WriteStringValue("VerifiableCredential");
            w.WriteStringValue("BitstringStatusListCredential");
            w.WriteEndArray();
            w.WriteString("issuer", issuer);
            w.WriteString("validFrom", UtcSecondsConverter.ToText(validFrom));
            if (validUntil is { } u)
            {
                w.WriteString("validUntil", UtcSecondsConverter.ToText(u));
            }
            w.WriteStartObject("credentialSubject");
            w.WriteString("id", listUrl + "#list");
            w.WriteString("type", "BitstringStatusList");
            w.WriteString("statusPurpose", statusPurpose);
            w.WriteString("encodedList", list.Encode());
            w.WriteEndObject();
            w.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return await suite.SignAsync(document.RootElement, signer, validFrom, indented, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Changes the bits of a status list and signs it again with the same id, purpose and validity.
    /// The signer must belong to the list's issuer.
    /// </summary>
    /// <exception cref="FormatException">The JSON is not a status list credential.</exception>
    /// <exception cref="ArgumentException">The signer is not the list's issuer.</exception>
    public static ValueTask<byte[]> UpdateAsync(string signedList, Action<BitstringStatusList> change, ICredentialSigner signer, DateTimeOffset now, bool indented = true, CancellationToken cancellationToken = default) =>
        UpdateAsync(EddsaRdfc2022Suite.Instance, signedList, change, signer, now, indented, cancellationToken);

    internal static ValueTask<byte[]> UpdateAsync(EddsaRdfc2022Suite suite, string signedList, Action<BitstringStatusList> change, ICredentialSigner signer, DateTimeOffset now, bool indented, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(signer);
        var content = Read(signedList);
        var hash = signer.VerificationMethod.IndexOf('#', StringComparison.Ordinal);
        var signerDid = hash < 0 ? signer.VerificationMethod : signer.VerificationMethod[..hash];
        if (signerDid != content.IssuerId)
        {
            throw new ArgumentException($"The list was issued by {content.IssuerId}; the key belongs to {signerDid}.", nameof(signer));
        }
        if (content.StatusPurposes.Count != 1)
        {
            throw new FormatException("Only lists with a single status purpose can be updated.");
        }
        change(content.List);
        var validFrom = content.ValidFrom is { } from && from <= now ? now : content.ValidFrom ?? now;
        return CreateAsync(suite, content.Id, content.StatusPurposes[0], content.List, signer, validFrom, content.ValidUntil, indented, cancellationToken);
    }

    /// <summary>Reads a status list credential without checking its proof.</summary>
    /// <exception cref="FormatException">Not a BitstringStatusListCredential; the message says why.</exception>
    public static StatusListCredentialContent Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32, AllowDuplicateProperties = false });
            return Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The status list is not JSON: {e.Message}", e);
        }
    }

    internal static StatusListCredentialContent Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("A status list credential is a JSON object.");
        }
        if (!root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("The status list credential has no string \"id\".");
        }
        if (!root.TryGetProperty("type", out var type) || !Contains(type, "BitstringStatusListCredential"))
        {
            throw new FormatException("The status list credential's type does not include \"BitstringStatusListCredential\".");
        }
        var issuer = IssuerId(root) ?? throw new FormatException("The status list credential has no issuer.");
        if (!root.TryGetProperty("credentialSubject", out var subject) || subject.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The status list credential has no credentialSubject object.");
        }
        if (!subject.TryGetProperty("type", out var subjectType) || !Contains(subjectType, "BitstringStatusList"))
        {
            throw new FormatException("The status list's credentialSubject type is not \"BitstringStatusList\".");
        }
        var purposes = new List<string>();
        if (subject.TryGetProperty("statusPurpose", out var purpose))
        {
            if (purpose.ValueKind == JsonValueKind.String)
            {
                purposes.Add(purpose.GetString()!);
            }
            else if (purpose.ValueKind == JsonValueKind.Array)
            {
                purposes.AddRange(purpose.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!));
            }
        }
        if (purposes.Count == 0)
        {
            throw new FormatException("The status list has no statusPurpose.");
        }
        if (!subject.TryGetProperty("encodedList", out var encoded) || encoded.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("The status list has no string \"encodedList\".");
        }
        return new StatusListCredentialContent(id.GetString()!, issuer, purposes, BitstringStatusList.Decode(encoded.GetString()!), Date(root, "validFrom"), Date(root, "validUntil"));
    }

    internal static string? IssuerId(JsonElement credential)
    {
        if (!credential.TryGetProperty("issuer", out var issuer))
        {
            return null;
        }
        if (issuer.ValueKind == JsonValueKind.String)
        {
            return issuer.GetString();
        }
        return issuer.ValueKind == JsonValueKind.Object && issuer.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
    }

    internal static bool Contains(JsonElement stringOrArray, string value) => stringOrArray.ValueKind switch
    {
        JsonValueKind.String => stringOrArray.ValueEquals(value),
        JsonValueKind.Array => stringOrArray.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.ValueEquals(value)),
        _ => false,
    };

    private static DateTimeOffset? Date(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String && ProofVerifier.TryParseDateTime(value.GetString(), out var date)
            ? date
            : throw new FormatException($"The status list's \"{name}\" is not a date-time.");
    }
}

/// <summary>Supplies status list credentials by URL. The library never fetches them itself.</summary>
public interface IStatusListCredentialSource
{
    /// <summary>The JSON of the status list credential at <paramref name="url"/>, or null when it cannot be obtained.</summary>
    ValueTask<string?> GetAsync(string url, CancellationToken cancellationToken = default);
}

/// <summary>Status list credentials held in memory (e.g. read from files), found by their id.</summary>
public sealed class StatusListCredentialSet : IStatusListCredentialSource
{
    private readonly ConcurrentDictionary<string, string> _lists = new(StringComparer.Ordinal);

    /// <summary>Adds (or replaces) a list under its own <c>id</c>.</summary>
    /// <exception cref="FormatException">The JSON has no string id.</exception>
    public StatusListCredentialSet Add(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        string? id;
        try
        {
            using var document = JsonDocument.Parse(json);
            id = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        }
        catch (JsonException e)
        {
            throw new FormatException($"The status list is not JSON: {e.Message}", e);
        }
        _lists[id ?? throw new FormatException("The status list credential has no string \"id\".")] = json;
        return this;
    }

    /// <inheritdoc/>
    public ValueTask<string?> GetAsync(string url, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_lists.TryGetValue(url, out var json) ? json : null);
}
