namespace Microcred.Credentials.OpenBadges;

/// <summary>
/// Builds an <see cref="OpenBadgeCredential"/> that satisfies OB 3.0: an issuer, an achievement and
/// a recipient are required, and <see cref="Build"/> refuses anything the specification forbids.
/// </summary>
public sealed class OpenBadgeCredentialBuilder
{
    private readonly Profile _issuer;
    private readonly Achievement _achievement;
    private readonly List<IdentityObject> _identifiers = [];
    private readonly List<Result> _results = [];
    private readonly List<Evidence> _evidence = [];
    private string? _id;
    private string? _name;
    private string? _description;
    private string? _subjectId;
    private DateTimeOffset? _validFrom;
    private DateTimeOffset? _validUntil;
    private DateTimeOffset? _awardedDate;
    private DateTimeOffset? _activityStart;
    private DateTimeOffset? _activityEnd;
    private double? _creditsEarned;
    private BitstringStatusListEntry? _status;

    /// <summary>Starts a credential for <paramref name="achievement"/> issued by <paramref name="issuer"/>.</summary>
    public OpenBadgeCredentialBuilder(Profile issuer, Achievement achievement)
    {
        _issuer = issuer ?? throw new ArgumentNullException(nameof(issuer));
        _achievement = achievement ?? throw new ArgumentNullException(nameof(achievement));
    }

    /// <summary>Sets the credential id (default: a new <c>urn:uuid:</c>).</summary>
    public OpenBadgeCredentialBuilder WithId(string id) { _id = id; return this; }

    /// <summary>Sets the display name (default: the achievement's name).</summary>
    public OpenBadgeCredentialBuilder WithName(string name) { _name = name; return this; }

    /// <summary>Sets the display description (default: the achievement's description).</summary>
    public OpenBadgeCredentialBuilder WithDescription(string description) { _description = description; return this; }

    /// <summary>Names the recipient by a salted hash of their e-mail address.</summary>
    public OpenBadgeCredentialBuilder ForEmail(string email, string? salt = null) { _identifiers.Add(IdentityObject.ForEmail(email, salt)); return this; }

    /// <summary>Adds the recipient's display name (unhashed, so it can be shown).</summary>
    public OpenBadgeCredentialBuilder WithRecipientName(string name) { _identifiers.Add(IdentityObject.ForName(name)); return this; }

    /// <summary>Names the recipient by a URI, e.g. their DID.</summary>
    public OpenBadgeCredentialBuilder ForSubject(string id) { _subjectId = id; return this; }

    /// <summary>Sets when the credential becomes valid (default: when built).</summary>
    public OpenBadgeCredentialBuilder ValidFrom(DateTimeOffset when) { _validFrom = when; return this; }

    /// <summary>Sets when the credential expires.</summary>
    public OpenBadgeCredentialBuilder ValidUntil(DateTimeOffset when) { _validUntil = when; return this; }

    /// <summary>Sets when the achievement was awarded.</summary>
    public OpenBadgeCredentialBuilder AwardedOn(DateTimeOffset when) { _awardedDate = when; return this; }

    /// <summary>Sets when the learning activity started and ended.</summary>
    public OpenBadgeCredentialBuilder WithActivity(DateTimeOffset start, DateTimeOffset end) { _activityStart = start; _activityEnd = end; return this; }

    /// <summary>Sets the credits earned.</summary>
    public OpenBadgeCredentialBuilder WithCreditsEarned(double credits) { _creditsEarned = credits; return this; }

    /// <summary>Adds a result (e.g. the assessment score).</summary>
    public OpenBadgeCredentialBuilder WithResult(Result result) { _results.Add(result); return this; }

    /// <summary>Adds evidence.</summary>
    public OpenBadgeCredentialBuilder WithEvidence(Evidence evidence) { _evidence.Add(evidence); return this; }

    /// <summary>Points the credential at its entry in a status list.</summary>
    public OpenBadgeCredentialBuilder WithStatus(BitstringStatusListEntry entry) { _status = entry; return this; }

    /// <summary>Builds the credential.</summary>
    /// <param name="now">The time used for defaults (validFrom); the current time when null.</param>
    /// <exception cref="OpenBadgeValidationException">A required part is missing or a value breaks OB 3.0.</exception>
    public OpenBadgeCredential Build(DateTimeOffset? now = null)
    {
        var validFrom = Truncate(_validFrom ?? now ?? DateTimeOffset.UtcNow);
        var credential = new OpenBadgeCredential
        {
            Id = _id ?? $"urn:uuid:{Guid.NewGuid()}",
            Name = _name ?? _achievement.Name,
            Description = _description ?? _achievement.Description,
            Issuer = _issuer,
            ValidFrom = validFrom,
            ValidUntil = _validUntil is { } until ? Truncate(until) : null,
            AwardedDate = _awardedDate is { } awarded ? Truncate(awarded) : null,
            CredentialSubject = new AchievementSubject
            {
                Id = _subjectId,
                Identifier = _identifiers.Count == 0 ? null : [.. _identifiers],
                Achievement = _achievement,
                Result = _results.Count == 0 ? null : [.. _results],
                CreditsEarned = _creditsEarned,
                ActivityStartDate = _activityStart is { } s ? Truncate(s) : null,
                ActivityEndDate = _activityEnd is { } e ? Truncate(e) : null,
            },
            Evidence = _evidence.Count == 0 ? null : [.. _evidence],
            CredentialStatus = _status,
        };
        var errors = OpenBadgeJson.Validate(credential);
        return errors.Count == 0 ? credential : throw new OpenBadgeValidationException(errors);
    }

    private static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
