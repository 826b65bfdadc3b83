using System.Text.Json.Serialization;

namespace Microcred.Credentials.OpenBadges;

/// <summary>
/// An Open Badges 3.0 <c>OpenBadgeCredential</c> (AchievementCredential) before it is signed.
/// Property names and shapes follow the 1EdTech JSON binding: every 0..* property is an array and
/// absent values are left out. Build one with <see cref="OpenBadgeCredentialBuilder"/>.
/// </summary>
public sealed record OpenBadgeCredential
{
    /// <summary>Exactly the VC 2.0 and OB 3.0.3 contexts, in that order.</summary>
    [JsonPropertyName("@context")]
    public IReadOnlyList<string> Context { get; init; } = OpenBadgeContexts.Credential;

    /// <summary>The credential's unique URI, e.g. <c>urn:uuid:…</c>.</summary>
    public required string Id { get; init; }

    /// <summary><c>["VerifiableCredential", "OpenBadgeCredential"]</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["VerifiableCredential", "OpenBadgeCredential"];

    /// <summary>The name wallets show.</summary>
    public required string Name { get; init; }

    /// <summary>A short description wallets show.</summary>
    public string? Description { get; init; }

    /// <summary>An image for the credential.</summary>
    public Image? Image { get; init; }

    /// <summary>The issuer; its id is the DID that signs.</summary>
    public required Profile Issuer { get; init; }

    /// <summary>When the credential becomes valid (UTC, seconds).</summary>
    [JsonConverter(typeof(UtcSecondsConverter))]
    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>When the credential stops being valid, if ever.</summary>
    [JsonConverter(typeof(NullableUtcSecondsConverter))]
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>When the achievement was awarded.</summary>
    [JsonConverter(typeof(NullableUtcSecondsConverter))]
    public DateTimeOffset? AwardedDate { get; init; }

    /// <summary>The learner and the achievement.</summary>
    public required AchievementSubject CredentialSubject { get; init; }

    /// <summary>Evidence of the achievement.</summary>
    public IReadOnlyList<Evidence>? Evidence { get; init; }

    /// <summary>Where to check revocation or suspension.</summary>
    public BitstringStatusListEntry? CredentialStatus { get; init; }
}

/// <summary>The context URLs an Open Badges 3.0 credential uses.</summary>
public static class OpenBadgeContexts
{
    /// <summary>W3C Verifiable Credentials Data Model 2.0.</summary>
    public const string VerifiableCredentialsV2 = "https://www.w3.org/ns/credentials/v2";

    /// <summary>Open Badges 3.0.3.</summary>
    public const string OpenBadgesV303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

    /// <summary>The <c>@context</c> of every credential we issue.</summary>
    public static IReadOnlyList<string> Credential { get; } = [VerifiableCredentialsV2, OpenBadgesV303];
}

/// <summary>An issuer profile.</summary>
public sealed record Profile
{
    /// <summary>The issuer's URI: the DID that controls the signing key.</summary>
    public required string Id { get; init; }

    /// <summary><c>["Profile"]</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["Profile"];

    /// <summary>The organization's name.</summary>
    public required string Name { get; init; }

    /// <summary>Its home page.</summary>
    public string? Url { get; init; }

    /// <summary>A contact e-mail address.</summary>
    public string? Email { get; init; }

    /// <summary>A short description.</summary>
    public string? Description { get; init; }

    /// <summary>A logo.</summary>
    public Image? Image { get; init; }
}

/// <summary>An image with an optional caption.</summary>
public sealed record Image
{
    /// <summary>The image's URI or data URI.</summary>
    public required string Id { get; init; }

    /// <summary>Always <c>Image</c>.</summary>
    public string Type { get => _type ?? "Image"; init => _type = value; }

    private readonly string? _type;

    /// <summary>A caption.</summary>
    public string? Caption { get; init; }
}

/// <summary>What a learner has to do to earn an achievement.</summary>
public sealed record Criteria
{
    /// <summary>A page that describes the criteria.</summary>
    public string? Id { get; init; }

    /// <summary>The criteria in words (Markdown allowed).</summary>
    public string? Narrative { get; init; }
}

/// <summary>An Open Badges achievement: what the credential says the learner achieved.</summary>
public sealed record Achievement
{
    /// <summary>The achievement's URI.</summary>
    public required string Id { get; init; }

    /// <summary><c>["Achievement"]</c>.</summary>
    public IReadOnlyList<string> Type { get => _type ?? ["Achievement"]; init => _type = value; }

    private readonly IReadOnlyList<string>? _type;

    /// <summary>An AchievementType term (e.g. <c>MicroCredential</c>, <c>Certificate</c>) or <c>ext:…</c>.</summary>
    public string? AchievementType { get; init; }

    /// <summary>The achievement's name.</summary>
    public required string Name { get; init; }

    /// <summary>A short description.</summary>
    public required string Description { get; init; }

    /// <summary>How it is earned.</summary>
    public required Criteria Criteria { get; init; }

    /// <summary>The badge image.</summary>
    public Image? Image { get; init; }

    /// <summary>Credit hours available.</summary>
    public double? CreditsAvailable { get; init; }

    /// <summary>Competency frameworks it aligns to.</summary>
    public IReadOnlyList<Alignment>? Alignment { get; init; }

    /// <summary>The results a learner can get.</summary>
    public IReadOnlyList<ResultDescription>? ResultDescription { get; init; }

    /// <summary>Searchable keywords.</summary>
    public IReadOnlyList<string>? Tag { get; init; }

    /// <summary>A human-readable code, e.g. a course code.</summary>
    public string? HumanCode { get; init; }

    /// <summary>The field of study.</summary>
    public string? FieldOfStudy { get; init; }

    /// <summary>The focus within the field.</summary>
    public string? Specialization { get; init; }

    /// <summary>The achievement's version.</summary>
    public string? Version { get; init; }

    /// <summary>Its language (BCP 47).</summary>
    public string? InLanguage { get; init; }
}

/// <summary>An alignment to a competency framework item.</summary>
public sealed record Alignment
{
    /// <summary><c>["Alignment"]</c>.</summary>
    public IReadOnlyList<string> Type { get => _type ?? ["Alignment"]; init => _type = value; }

    private readonly IReadOnlyList<string>? _type;

    /// <summary>The target's name.</summary>
    public required string TargetName { get; init; }

    /// <summary>The target's URL.</summary>
    public required string TargetUrl { get; init; }

    /// <summary>The target's description.</summary>
    public string? TargetDescription { get; init; }

    /// <summary>The framework's name.</summary>
    public string? TargetFramework { get; init; }

    /// <summary>The target's code in its framework.</summary>
    public string? TargetCode { get; init; }

    /// <summary>E.g. <c>CFItem</c>, <c>ceasn:Competency</c>, or <c>ext:…</c>.</summary>
    public string? TargetType { get; init; }
}

/// <summary>A result an achievement can give, e.g. a score or a status.</summary>
public sealed record ResultDescription
{
    /// <summary>Its URI; results refer to it.</summary>
    public required string Id { get; init; }

    /// <summary><c>["ResultDescription"]</c>.</summary>
    public IReadOnlyList<string> Type { get => _type ?? ["ResultDescription"]; init => _type = value; }

    private readonly IReadOnlyList<string>? _type;

    /// <summary>Its name.</summary>
    public required string Name { get; init; }

    /// <summary>E.g. <c>Percent</c>, <c>Status</c>, <c>LetterGrade</c>.</summary>
    public required string ResultType { get; init; }

    /// <summary>Allowed values, low to high.</summary>
    public IReadOnlyList<string>? AllowedValue { get; init; }

    /// <summary>The value needed to pass.</summary>
    public string? RequiredValue { get; init; }

    /// <summary>The lowest possible value.</summary>
    public string? ValueMin { get; init; }

    /// <summary>The highest possible value.</summary>
    public string? ValueMax { get; init; }
}

/// <summary>The learner who earned the achievement.</summary>
public sealed record AchievementSubject
{
    /// <summary>The learner's URI (e.g. a DID), if known.</summary>
    public string? Id { get; init; }

    /// <summary><c>["AchievementSubject"]</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["AchievementSubject"];

    /// <summary>Hashed identifiers (e.g. e-mail) of the learner.</summary>
    public IReadOnlyList<IdentityObject>? Identifier { get; init; }

    /// <summary>What was achieved.</summary>
    public required Achievement Achievement { get; init; }

    /// <summary>Results obtained.</summary>
    public IReadOnlyList<Result>? Result { get; init; }

    /// <summary>Credits earned.</summary>
    public double? CreditsEarned { get; init; }

    /// <summary>When the learning activity started.</summary>
    [JsonConverter(typeof(NullableUtcSecondsConverter))]
    public DateTimeOffset? ActivityStartDate { get; init; }

    /// <summary>When it ended.</summary>
    [JsonConverter(typeof(NullableUtcSecondsConverter))]
    public DateTimeOffset? ActivityEndDate { get; init; }
}

/// <summary>A result the learner obtained.</summary>
public sealed record Result
{
    /// <summary><c>["Result"]</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["Result"];

    /// <summary>The id of the <see cref="OpenBadges.ResultDescription"/> this result is for.</summary>
    public string? ResultDescription { get; init; }

    /// <summary>The value, e.g. <c>92</c>.</summary>
    public string? Value { get; init; }

    /// <summary>E.g. <c>Completed</c>.</summary>
    public string? Status { get; init; }
}

/// <summary>Evidence of the achievement.</summary>
public sealed record Evidence
{
    /// <summary>A page or data URI with the evidence.</summary>
    public string? Id { get; init; }

    /// <summary><c>["Evidence"]</c>.</summary>
    public IReadOnlyList<string> Type { get; init; } = ["Evidence"];

    /// <summary>A title.</summary>
    public string? Name { get; init; }

    /// <summary>A longer description.</summary>
    public string? Description { get; init; }

    /// <summary>How the evidence shows the achievement (Markdown allowed).</summary>
    public string? Narrative { get; init; }
}

/// <summary>A credential's entry in a Bitstring Status List.</summary>
public sealed record BitstringStatusListEntry
{
    /// <summary>The entry's URI, conventionally <c>list-url#index</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Always <c>BitstringStatusListEntry</c>.</summary>
    public string Type { get; init; } = "BitstringStatusListEntry";

    /// <summary><c>revocation</c> or <c>suspension</c>.</summary>
    public required string StatusPurpose { get; init; }

    /// <summary>The bit's index, as a decimal string.</summary>
    public required string StatusListIndex { get; init; }

    /// <summary>The URL of the status list credential.</summary>
    public required string StatusListCredential { get; init; }

    /// <summary>The entry for index <paramref name="index"/> of the list at <paramref name="listUrl"/>.</summary>
    public static BitstringStatusListEntry Create(string listUrl, string purpose, int index)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(listUrl);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (purpose is not (StatusPurposes.Revocation or StatusPurposes.Suspension))
        {
            throw new ArgumentException($"The status purpose must be \"{StatusPurposes.Revocation}\" or \"{StatusPurposes.Suspension}\".", nameof(purpose));
        }
        var text = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new BitstringStatusListEntry { Id = $"{listUrl}#{text}", StatusPurpose = purpose, StatusListIndex = text, StatusListCredential = listUrl };
    }
}

/// <summary>The status purposes this library issues.</summary>
public static class StatusPurposes
{
    /// <summary>A set bit means the credential is revoked, for good.</summary>
    public const string Revocation = "revocation";

    /// <summary>A set bit means the credential is suspended until the bit is cleared.</summary>
    public const string Suspension = "suspension";
}
