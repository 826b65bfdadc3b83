using System.Text.Json;

namespace Microcred.Credentials.OpenBadges;

/// <summary>An Open Badges object breaks a rule of the specification; <see cref="Errors"/> lists every problem.</summary>
public sealed class OpenBadgeValidationException : Exception
{
    /// <summary>Creates the exception from the list of problems.</summary>
    public OpenBadgeValidationException(IReadOnlyList<string> errors)
        : base(errors.Count == 1 ? errors[0] : $"{errors.Count} problems: " + string.Join("; ", errors)) => Errors = errors;

    /// <summary>Creates the exception with one problem.</summary>
    public OpenBadgeValidationException(string message) : this([message])
    {
    }

    /// <summary>Creates the exception with one problem and its cause.</summary>
    public OpenBadgeValidationException(string message, Exception innerException) : base(message, innerException) => Errors = [message];

    /// <summary>Creates the exception without detail.</summary>
    public OpenBadgeValidationException() : this("The Open Badges object is not valid.")
    {
    }

    /// <summary>Each problem, naming the property path (e.g. <c>achievement.criteria</c>).</summary>
    public IReadOnlyList<string> Errors { get; }
}

/// <summary>Reading, writing and checking Open Badges 3.0 objects as JSON.</summary>
public static class OpenBadgeJson
{
    private static readonly HashSet<string> AchievementTypes = new(StringComparer.Ordinal)
    {
        "Achievement", "ApprenticeshipCertificate", "Assessment", "Assignment", "AssociateDegree", "Award", "Badge",
        "BachelorDegree", "Certificate", "CertificateOfCompletion", "Certification", "CommunityService", "Competency",
        "Course", "CoCurricular", "Degree", "Diploma", "DoctoralDegree", "Fieldwork", "GeneralEducationDevelopment",
        "JourneymanCertificate", "LearningProgram", "License", "Membership", "ProfessionalDoctorate",
        "QualityAssuranceCredential", "MasterCertificate", "MasterDegree", "MicroCredential", "ResearchDoctorate",
        "SecondarySchoolDiploma",
    };

    private static readonly HashSet<string> AlignmentTargetTypes = new(StringComparer.Ordinal)
    {
        "ceasn:Competency", "ceterms:Credential", "CFItem", "CFRubric", "CFRubricCriterion", "CFRubricCriterionLevel", "CTDL",
    };

    private static readonly HashSet<string> ResultTypes = new(StringComparer.Ordinal)
    {
        "GradePointAverage", "LetterGrade", "Percent", "PerformanceLevel", "PredictedScore", "RawScore", "Result",
        "RubricCriterion", "RubricCriterionLevel", "RubricScore", "ScaledScore", "Status",
    };

    private static readonly HashSet<string> ResultStatuses = new(StringComparer.Ordinal)
    {
        "Completed", "Enrolled", "Failed", "InProgress", "OnHold", "Provisional", "Withdrew",
    };

    /// <summary>The credential as UTF-8 JSON in the 1EdTech binding.</summary>
    public static byte[] Serialize(OpenBadgeCredential credential) =>
        JsonSerializer.SerializeToUtf8Bytes(credential, OpenBadgesJsonContext.Default.OpenBadgeCredential);

    /// <summary>The achievement as indented JSON.</summary>
    public static string Serialize(Achievement achievement) =>
        JsonSerializer.Serialize(achievement, new OpenBadgesJsonContext(new JsonSerializerOptions(OpenBadgesJsonContext.Default.Options) { WriteIndented = true }).Achievement);

    /// <summary>
    /// Reads an achievement (an OB 3.0 <c>Achievement</c> object as JSON) and checks it.
    /// Unknown properties are errors, so a misspelt name is caught rather than silently dropped.
    /// </summary>
    /// <exception cref="OpenBadgeValidationException">The JSON or the achievement is not valid; every problem is listed.</exception>
    public static Achievement ParseAchievement(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Achievement? achievement;
        try
        {
            achievement = JsonSerializer.Deserialize(json, OpenBadgesJsonContext.Default.Achievement);
        }
        catch (JsonException e)
        {
            var where = e.Path is null or "$" ? "" : $" at {e.Path}";
            throw new OpenBadgeValidationException($"The achievement JSON is not valid{where}: {e.Message}", e);
        }
        if (achievement is null)
        {
            throw new OpenBadgeValidationException("The achievement JSON is null.");
        }
        var errors = Validate(achievement);
        return errors.Count == 0 ? achievement : throw new OpenBadgeValidationException(errors);
    }

    /// <summary>Every rule of the OB 3.0 Achievement the object breaks (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(Achievement achievement, string path = "achievement")
    {
        ArgumentNullException.ThrowIfNull(achievement);
        var errors = new List<string>();
        RequireUri(errors, $"{path}.id", achievement.Id);
        RequireType(errors, $"{path}.type", achievement.Type, "Achievement");
        RequireText(errors, $"{path}.name", achievement.Name);
        RequireText(errors, $"{path}.description", achievement.Description);
        if (achievement.Criteria is null)
        {
            errors.Add($"{path}.criteria is required.");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(achievement.Criteria.Narrative) && string.IsNullOrWhiteSpace(achievement.Criteria.Id))
            {
                errors.Add($"{path}.criteria needs a narrative or an id (a page describing the criteria).");
            }
            if (achievement.Criteria.Id is not null)
            {
                RequireUri(errors, $"{path}.criteria.id", achievement.Criteria.Id);
            }
        }
        if (achievement.AchievementType is { } kind && !IsTerm(kind, AchievementTypes))
        {
            errors.Add($"{path}.achievementType \"{kind}\" is not an OB 3.0 AchievementType (e.g. MicroCredential, Certificate, Course) nor an extension \"ext:…\".");
        }
        if (achievement.Image is not null)
        {
            ValidateImage(errors, $"{path}.image", achievement.Image);
        }
        if (achievement.CreditsAvailable is { } credits && (credits < 0 || double.IsNaN(credits) || double.IsInfinity(credits)))
        {
            errors.Add($"{path}.creditsAvailable must be a non-negative number.");
        }
        for (var i = 0; i < (achievement.Alignment?.Count ?? 0); i++)
        {
            var a = achievement.Alignment![i];
            var p = $"{path}.alignment[{i}]";
            RequireType(errors, $"{p}.type", a.Type, "Alignment");
            RequireText(errors, $"{p}.targetName", a.TargetName);
            RequireUri(errors, $"{p}.targetUrl", a.TargetUrl);
            if (a.TargetType is { } t && !IsTerm(t, AlignmentTargetTypes))
            {
                errors.Add($"{p}.targetType \"{t}\" is not an OB 3.0 AlignmentTargetType (e.g. CFItem, ceasn:Competency) nor \"ext:…\".");
            }
        }
        for (var i = 0; i < (achievement.ResultDescription?.Count ?? 0); i++)
        {
            var r = achievement.ResultDescription![i];
            var p = $"{path}.resultDescription[{i}]";
            RequireUri(errors, $"{p}.id", r.Id);
            RequireType(errors, $"{p}.type", r.Type, "ResultDescription");
            RequireText(errors, $"{p}.name", r.Name);
            if (!IsTerm(r.ResultType, ResultTypes))
            {
                errors.Add($"{p}.resultType \"{r.ResultType}\" is not an OB 3.0 ResultType (e.g. Percent, Status, LetterGrade) nor \"ext:…\".");
            }
        }
        if (achievement.Tag is { } tags && tags.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{path}.tag has an empty entry.");
        }
        return errors;
    }

    /// <summary>Every rule of OB 3.0 the issuer profile breaks (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(Profile profile, string path = "issuer")
    {
        ArgumentNullException.ThrowIfNull(profile);
        var errors = new List<string>();
        RequireUri(errors, $"{path}.id", profile.Id);
        RequireType(errors, $"{path}.type", profile.Type, "Profile");
        RequireText(errors, $"{path}.name", profile.Name);
        if (profile.Url is not null)
        {
            RequireUri(errors, $"{path}.url", profile.Url);
        }
        if (profile.Image is not null)
        {
            ValidateImage(errors, $"{path}.image", profile.Image);
        }
        return errors;
    }

    /// <summary>Every rule the whole credential breaks (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(OpenBadgeCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var errors = new List<string>();
        if (!credential.Context.SequenceEqual(OpenBadgeContexts.Credential))
        {
            errors.Add($"@context must be exactly [\"{OpenBadgeContexts.VerifiableCredentialsV2}\", \"{OpenBadgeContexts.OpenBadgesV303}\"].");
        }
        RequireUri(errors, "id", credential.Id);
        RequireType(errors, "type", credential.Type, "VerifiableCredential");
        if (!credential.Type.Contains("OpenBadgeCredential") && !credential.Type.Contains("AchievementCredential"))
        {
            errors.Add("type must include \"OpenBadgeCredential\" (or \"AchievementCredential\").");
        }
        RequireText(errors, "name", credential.Name);
        errors.AddRange(Validate(credential.Issuer));
        if (credential.ValidUntil is { } until && until <= credential.ValidFrom)
        {
            errors.Add("validUntil must be later than validFrom.");
        }
        var subject = credential.CredentialSubject;
        RequireType(errors, "credentialSubject.type", subject.Type, "AchievementSubject");
        if (subject.Id is null && (subject.Identifier is null || subject.Identifier.Count == 0))
        {
            errors.Add("credentialSubject needs an id or at least one identifier.");
        }
        if (subject.Id is not null)
        {
            RequireUri(errors, "credentialSubject.id", subject.Id);
        }
        errors.AddRange(Validate(subject.Achievement, "credentialSubject.achievement"));
        for (var i = 0; i < (subject.Result?.Count ?? 0); i++)
        {
            var r = subject.Result![i];
            RequireType(errors, $"credentialSubject.result[{i}].type", r.Type, "Result");
            if (r.Status is { } status && !ResultStatuses.Contains(status))
            {
                errors.Add($"credentialSubject.result[{i}].status \"{status}\" is not one of {string.Join(", ", ResultStatuses)}.");
            }
        }
        for (var i = 0; i < (credential.Evidence?.Count ?? 0); i++)
        {
            RequireType(errors, $"evidence[{i}].type", credential.Evidence![i].Type, "Evidence");
        }
        if (credential.CredentialStatus is { } status2)
        {
            RequireUri(errors, "credentialStatus.statusListCredential", status2.StatusListCredential);
            if (!int.TryParse(status2.StatusListIndex, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                errors.Add("credentialStatus.statusListIndex must be a non-negative decimal integer string.");
            }
        }
        return errors;
    }

    private static bool IsTerm(string? value, HashSet<string> terms) =>
        value is not null && (terms.Contains(value) || (value.StartsWith("ext:", StringComparison.Ordinal) && value.Length > 4 && value.Skip(4).All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '|')));

    private static void ValidateImage(List<string> errors, string path, Image image)
    {
        if (string.IsNullOrWhiteSpace(image.Id) || (!image.Id.StartsWith("data:", StringComparison.Ordinal) && !Uri.TryCreate(image.Id, UriKind.Absolute, out _)))
        {
            errors.Add($"{path}.id must be an absolute URI or a data URI.");
        }
        if (image.Type != "Image")
        {
            errors.Add($"{path}.type must be \"Image\".");
        }
    }

    private static void RequireText(List<string> errors, string path, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{path} is required and must not be empty.");
        }
    }

    private static void RequireUri(List<string> errors, string path, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{path} is required (an absolute URI).");
        }
        else if (!Uri.TryCreate(value, UriKind.Absolute, out _) || value.Any(char.IsWhiteSpace))
        {
            errors.Add($"{path} \"{value}\" is not an absolute URI.");
        }
    }

    private static void RequireType(List<string> errors, string path, IReadOnlyList<string>? types, string required)
    {
        if (types is null || !types.Contains(required))
        {
            errors.Add($"{path} must include \"{required}\".");
        }
    }
}
