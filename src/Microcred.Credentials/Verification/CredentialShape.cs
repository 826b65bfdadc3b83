using System.Text.Json;
using System.Text.RegularExpressions;
using Microcred.Credentials.OpenBadges;
using Microcred.Credentials.Proofs;
using Microcred.Credentials.Status;

namespace Microcred.Credentials.Verification;

/// <summary>The structural rules of an OB 3.0 AchievementCredential that a verifier can check without keys.</summary>
internal static partial class CredentialShape
{
    [GeneratedRegex(@"^https://purl\.imsglobal\.org/spec/ob/v3p0/context-3\.0\.\d+\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex OpenBadgesContext();

    public static List<string> Problems(JsonElement root, JsonElement? proof)
    {
        var problems = new List<string>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"A credential is a JSON object, not {Describe(root)}.");
            return problems;
        }
        CheckContext(root, problems);
        if (!TryString(root, "id", out var id) || !IsAbsoluteUri(id))
        {
            problems.Add("\"id\" must be the credential's URI.");
        }
        if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.Array
            || !StatusListCredential.Contains(type, "VerifiableCredential")
            || !(StatusListCredential.Contains(type, "OpenBadgeCredential") || StatusListCredential.Contains(type, "AchievementCredential")))
        {
            problems.Add("\"type\" must be an array with \"VerifiableCredential\" and \"OpenBadgeCredential\" (or \"AchievementCredential\").");
        }
        CheckIssuer(root, problems);
        CheckDate(root, "validFrom", required: true, problems);
        CheckDate(root, "validUntil", required: false, problems);
        CheckSubject(root, problems);
        if (root.TryGetProperty("credentialStatus", out var status) && status.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            problems.Add("\"credentialStatus\" must be an object.");
        }
        if (proof is { } p && p.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            problems.Add("\"proof\" must be an array of proof objects.");
        }
        return problems;
    }

    private static void CheckContext(JsonElement root, List<string> problems)
    {
        if (!root.TryGetProperty("@context", out var context) || context.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"\"@context\" must be the array [\"{OpenBadgeContexts.VerifiableCredentialsV2}\", \"{OpenBadgeContexts.OpenBadgesV303}\"].");
            return;
        }
        var length = context.GetArrayLength();
        if (length < 2 || !context[0].ValueEquals(OpenBadgeContexts.VerifiableCredentialsV2)
            || context[1].ValueKind != JsonValueKind.String || !OpenBadgesContext().IsMatch(context[1].GetString()!))
        {
            problems.Add($"\"@context\" must start with \"{OpenBadgeContexts.VerifiableCredentialsV2}\" followed by an Open Badges 3.0 context such as \"{OpenBadgeContexts.OpenBadgesV303}\".");
        }
        foreach (var entry in context.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.String)
            {
                problems.Add("\"@context\" entries must be context URLs; embedded contexts are not accepted.");
                break;
            }
        }
    }

    private static void CheckIssuer(JsonElement root, List<string> problems)
    {
        if (!root.TryGetProperty("issuer", out var issuer))
        {
            problems.Add("\"issuer\" is required.");
            return;
        }
        if (issuer.ValueKind == JsonValueKind.String)
        {
            if (!IsAbsoluteUri(issuer.GetString()))
            {
                problems.Add("\"issuer\" must be a URI or a Profile object.");
            }
            return;
        }
        if (issuer.ValueKind != JsonValueKind.Object || !TryString(issuer, "id", out var id) || !IsAbsoluteUri(id))
        {
            problems.Add("\"issuer\" must be a Profile object with an \"id\" URI.");
            return;
        }
        if (!issuer.TryGetProperty("type", out var type) || !StatusListCredential.Contains(type, "Profile"))
        {
            problems.Add("\"issuer.type\" must include \"Profile\".");
        }
        if (issuer.TryGetProperty("name", out var name) && name.ValueKind != JsonValueKind.String)
        {
            problems.Add("\"issuer.name\" must be a string.");
        }
    }

    private static void CheckSubject(JsonElement root, List<string> problems)
    {
        if (!root.TryGetProperty("credentialSubject", out var subject) || subject.ValueKind != JsonValueKind.Object)
        {
            problems.Add("\"credentialSubject\" must be an AchievementSubject object.");
            return;
        }
        if (!subject.TryGetProperty("type", out var type) || !StatusListCredential.Contains(type, "AchievementSubject"))
        {
            problems.Add("\"credentialSubject.type\" must include \"AchievementSubject\".");
        }
        var hasId = TryString(subject, "id", out _);
        var hasIdentifier = subject.TryGetProperty("identifier", out var identifiers) && identifiers.ValueKind == JsonValueKind.Array && identifiers.GetArrayLength() > 0;
        if (!hasId && !hasIdentifier)
        {
            problems.Add("\"credentialSubject\" needs an \"id\" or at least one \"identifier\".");
        }
        if (hasIdentifier)
        {
            var i = 0;
            foreach (var identity in identifiers.EnumerateArray())
            {
                if (identity.ValueKind != JsonValueKind.Object || !TryString(identity, "identityHash", out _) || !TryString(identity, "identityType", out _)
                    || !identity.TryGetProperty("hashed", out var hashed) || hashed.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problems.Add($"\"credentialSubject.identifier[{i}]\" must be an IdentityObject with identityHash, identityType and hashed.");
                }
                i++;
            }
        }
        if (!subject.TryGetProperty("achievement", out var achievement) || achievement.ValueKind != JsonValueKind.Object)
        {
            problems.Add("\"credentialSubject.achievement\" must be an Achievement object.");
            return;
        }
        if (!TryString(achievement, "id", out var id) || !IsAbsoluteUri(id))
        {
            problems.Add("\"credentialSubject.achievement.id\" must be a URI.");
        }
        if (!achievement.TryGetProperty("type", out var achievementType) || !StatusListCredential.Contains(achievementType, "Achievement"))
        {
            problems.Add("\"credentialSubject.achievement.type\" must include \"Achievement\".");
        }
        foreach (var name in (ReadOnlySpan<string>)["name", "description"])
        {
            if (!TryString(achievement, name, out _))
            {
                problems.Add($"\"credentialSubject.achievement.{name}\" must be a string.");
            }
        }
        if (!achievement.TryGetProperty("criteria", out var criteria) || criteria.ValueKind != JsonValueKind.Object)
        {
            problems.Add("\"credentialSubject.achievement.criteria\" must be an object.");
        }
    }

    private static void CheckDate(JsonElement root, string name, bool required, List<string> problems)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            if (required)
            {
                problems.Add($"\"{name}\" is required.");
            }
            return;
        }
        if (value.ValueKind != JsonValueKind.String || !ProofVerifier.TryParseDateTime(value.GetString(), out _))
        {
            problems.Add($"\"{name}\" must be a date-time with a time zone, e.g. 2025-01-31T12:00:00Z.");
        }
    }

    /// <summary>
    /// An RFC 3986 scheme followed by ":" and no white space: enough to tell a URI from a name,
    /// without the cost of building a <see cref="Uri"/> several times per credential.
    /// </summary>
    internal static bool IsAbsoluteUri(string? value)
    {
        if (string.IsNullOrEmpty(value) || !char.IsAsciiLetter(value[0]))
        {
            return false;
        }
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || colon == value.Length - 1)
        {
            return false;
        }
        for (var i = 1; i < colon; i++)
        {
            var c = value[i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }
        foreach (var c in value)
        {
            if (c <= ' ' || c is '<' or '>' or '"' or '{' or '}' or '|' or '\\' or '^' or '`')
            {
                return false;
            }
        }
        return true;
    }

    private static bool TryString(JsonElement obj, string name, out string value)
    {
        value = "";
        if (obj.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String)
        {
            value = p.GetString()!;
            return value.Length > 0;
        }
        return false;
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
