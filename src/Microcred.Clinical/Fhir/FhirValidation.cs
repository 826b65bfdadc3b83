using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace Microcred.Clinical.Fhir;

/// <summary>Severity of a validation issue (FHIR OperationOutcome severity).</summary>
public enum FhirIssueSeverity
{
    /// <summary>Informational.</summary>
    Information,

    /// <summary>Not wrong, but worth a look.</summary>
    Warning,

    /// <summary>The resource does not conform.</summary>
    Error,

    /// <summary>Validation could not go on.</summary>
    Fatal,
}

/// <summary>One problem the validator found.</summary>
/// <param name="Severity">How bad it is.</param>
/// <param name="Message">The validator's message.</param>
/// <param name="Location">FHIRPath location in the resource, when given.</param>
public sealed record FhirValidationIssue(FhirIssueSeverity Severity, string Message, string? Location);

/// <summary>
/// Validates resources against the FHIR R4 core profiles with the Firely validator, offline: the core
/// definitions come from the specification package bundled with the SDK (extracted once to a cache
/// directory). The first call loads and compiles the definitions and takes a few seconds; later calls reuse
/// them. Terminology is checked only for code systems bundled in the core specification; codes from
/// ICD-10-CM, LOINC, RxNorm and the like are not expanded and give no error.
/// </summary>
public static class FhirValidation
{
    private static readonly Lazy<Validator> Shared = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lock Gate = new();

    /// <summary>Validates a resource against its core profile (or the given profile URL).</summary>
    public static IReadOnlyList<FhirValidationIssue> Validate(Resource resource, string? profile = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        OperationOutcome outcome;
        lock (Gate)
        {
            outcome = Shared.Value.Validate(resource, profile);
        }
        return [.. outcome.Issue.Select(issue => new FhirValidationIssue(
            issue.Severity switch
            {
                OperationOutcome.IssueSeverity.Fatal => FhirIssueSeverity.Fatal,
                OperationOutcome.IssueSeverity.Error => FhirIssueSeverity.Error,
                OperationOutcome.IssueSeverity.Warning => FhirIssueSeverity.Warning,
                _ => FhirIssueSeverity.Information,
            },
            issue.Details?.Text ?? issue.Diagnostics ?? issue.Code?.ToString() ?? "(no message)",
            issue.Expression.FirstOrDefault() ?? issue.Location.FirstOrDefault()))];
    }

    /// <summary>True when none of the issues is an error or fatal.</summary>
    public static bool IsValid(IEnumerable<FhirValidationIssue> issues) =>
        issues.All(i => i.Severity is FhirIssueSeverity.Information or FhirIssueSeverity.Warning);

    private static Validator Create()
    {
        var resolver = new CachedResolver(ZipSource.CreateValidationSource());
        var terminology = LocalTerminologyService.CreateDefaultForCore(resolver);
        return new Validator(resolver, terminology);
    }
}
