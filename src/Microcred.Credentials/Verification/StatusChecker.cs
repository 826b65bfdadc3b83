using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microcred.Credentials.Proofs;
using Microcred.Credentials.Status;

namespace Microcred.Credentials.Verification;

/// <summary>
/// Checks <c>BitstringStatusListEntry</c> entries. A list that cannot be obtained, is not signed by
/// the credential's issuer, has another purpose, is outside its validity window or is shorter than
/// the specification's minimum fails the check. Lists are verified once per distinct content.
/// </summary>
internal sealed class StatusChecker(ProofVerifier proofs, CredentialVerifierOptions options)
{
    private const int MaxCachedLists = 1024;
    private const int MaxEntries = 16;
    private readonly ConcurrentDictionary<string, CachedList> _cache = new(StringComparer.Ordinal);

    private sealed record CachedList(string Json, StatusListCredentialContent? Content, string? Failure);

    public async ValueTask<IReadOnlyList<VerificationCheck>> CheckAsync(JsonElement credential, string? issuerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!credential.TryGetProperty("credentialStatus", out var status))
        {
            return [new VerificationCheck("status", true, "The credential has no status entry; there is nothing to revoke.")];
        }
        var entries = new List<JsonElement>();
        if (status.ValueKind == JsonValueKind.Array)
        {
            entries.AddRange(status.EnumerateArray());
        }
        else
        {
            entries.Add(status);
        }
        if (entries.Count == 0)
        {
            return [new VerificationCheck("status", false, "\"credentialStatus\" is an empty array.")];
        }
        if (entries.Count > MaxEntries)
        {
            return [new VerificationCheck("status", false, $"The credential has {entries.Count} status entries; at most {MaxEntries} are checked.")];
        }
        var checks = new List<VerificationCheck>(entries.Count);
        foreach (var entry in entries)
        {
            checks.Add(await CheckEntryAsync(entry, issuerId, now, cancellationToken).ConfigureAwait(false));
        }
        return checks;
    }

    private async ValueTask<VerificationCheck> CheckEntryAsync(JsonElement entry, string? issuerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return Fail("A credentialStatus entry must be an object.");
        }
        var type = Text(entry, "type");
        if (type != "BitstringStatusListEntry")
        {
            return Fail($"The status type \"{type ?? "(none)"}\" is not supported, so revocation cannot be ruled out; only BitstringStatusListEntry is.");
        }
        var purpose = Text(entry, "statusPurpose");
        var url = Text(entry, "statusListCredential");
        if (purpose is null || url is null)
        {
            return Fail("The status entry needs a statusPurpose and a statusListCredential.");
        }
        if (!TryIndex(entry, out var index))
        {
            return Fail("The status entry's statusListIndex must be a non-negative integer (as a string).");
        }
        if (entry.TryGetProperty("statusSize", out var size) && !(size.ValueKind == JsonValueKind.Number && size.TryGetInt32(out var s) && s == 1))
        {
            return Fail("Only statusSize 1 is supported.");
        }
        if (options.StatusLists is null)
        {
            return Fail($"No status lists were supplied, so the {purpose} status at {url} cannot be checked.");
        }
        var json = await options.StatusLists.GetAsync(url, cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return Fail($"The status list {url} could not be obtained, so the {purpose} status cannot be confirmed.");
        }
        var list = await GetVerifiedAsync(url, json, cancellationToken).ConfigureAwait(false);
        if (list.Failure is not null)
        {
            return Fail($"The status list {url} is not trustworthy: {list.Failure}");
        }
        var content = list.Content!;
        if (content.Id != url)
        {
            return Fail($"The status list served for {url} has the id {content.Id}.");
        }
        if (content.IssuerId != issuerId)
        {
            return Fail($"The status list {url} was issued by {content.IssuerId}, not by the credential's issuer {issuerId ?? "(none)"}.");
        }
        var skew = options.ClockSkew;
        if (content.ValidFrom is { } from && now + skew < from)
        {
            return Fail($"The status list {url} is not valid yet (valid from {from:u}).");
        }
        if (content.ValidUntil is { } until && now - skew > until)
        {
            return Fail($"The status list {url} expired at {until:u}; a current list is needed.");
        }
        if (!content.StatusPurposes.Contains(purpose))
        {
            return Fail($"The status list {url} is for {string.Join("/", content.StatusPurposes)}, but the entry asks about {purpose}.");
        }
        if (content.List.Length < BitstringStatusList.MinimumLength)
        {
            return Fail($"The status list {url} has {content.List.Length:N0} entries, fewer than the {BitstringStatusList.MinimumLength:N0} the specification requires.");
        }
        if (index >= content.List.Length)
        {
            return Fail($"The status index {index} is beyond the end of the list {url} ({content.List.Length:N0} entries).");
        }
        if (content.List[(int)index])
        {
            var what = purpose switch
            {
                "revocation" => "revoked",
                "suspension" => "suspended",
                _ => $"flagged for {purpose}",
            };
            return Fail($"The credential is {what} (list {url}, index {index}).");
        }
        var state = purpose switch
        {
            "revocation" => "not revoked",
            "suspension" => "not suspended",
            _ => $"not flagged for {purpose}",
        };
        return new VerificationCheck("status", true, $"The credential is {state} (list {url}, index {index}).");
    }

    private async ValueTask<CachedList> GetVerifiedAsync(string url, string json, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(url, out var cached) && string.Equals(cached.Json, json, StringComparison.Ordinal))
        {
            return cached;
        }
        var fresh = await VerifyListAsync(json, cancellationToken).ConfigureAwait(false);
        if (_cache.Count >= MaxCachedLists)
        {
            _cache.Clear();
        }
        _cache[url] = fresh;
        return fresh;
    }

    private async ValueTask<CachedList> VerifyListAsync(string json, CancellationToken cancellationToken)
    {
        if (json.Length > options.MaxDocumentBytes)
        {
            return new CachedList(json, null, "it is larger than the document size limit.");
        }
        SplitCredential document;
        try
        {
            document = SplitCredential.Parse(System.Text.Encoding.UTF8.GetBytes(json), options.MaxDepth);
        }
        catch (JsonException e)
        {
            return new CachedList(json, null, $"it is not JSON ({e.Message}).");
        }
        using (document)
        {
            StatusListCredentialContent content;
            try
            {
                content = StatusListCredential.Read(document.Unsecured.RootElement);
            }
            catch (FormatException e)
            {
                return new CachedList(json, null, e.Message);
            }
            var outcomes = await proofs.VerifyAsync(document.Unsecured.RootElement, document.Proof?.RootElement, cancellationToken).ConfigureAwait(false);
            var failed = outcomes.FirstOrDefault(o => !o.Passed);
            if (failed is not null)
            {
                return new CachedList(json, null, failed.Message);
            }
            var issuer = CredentialVerifier.IssuerCheck(content.IssuerId, outcomes);
            return issuer.Passed ? new CachedList(json, content, null) : new CachedList(json, null, issuer.Message);
        }
    }

    private static bool TryIndex(JsonElement entry, out long index)
    {
        index = -1;
        if (!entry.TryGetProperty("statusListIndex", out var value))
        {
            return false;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out index),
            JsonValueKind.Number => value.TryGetInt64(out index) && index >= 0,
            _ => false,
        };
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static VerificationCheck Fail(string message) => new("status", false, message);
}
