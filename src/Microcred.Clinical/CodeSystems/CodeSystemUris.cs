namespace Microcred.Clinical.CodeSystems;

/// <summary>
/// Canonical URIs of the code systems the synthetic population uses. All of them may be
/// redistributed; CPT and SNOMED CT are deliberately absent because their licences forbid it.
/// </summary>
public static class CodeSystemUris
{
    /// <summary>ICD-10-CM diagnoses (CDC/NCHS).</summary>
    public const string Icd10Cm = "http://hl7.org/fhir/sid/icd-10-cm";

    /// <summary>ICD-10-PCS inpatient procedures (CMS).</summary>
    public const string Icd10Pcs = "http://www.cms.gov/Medicare/Coding/ICD10";

    /// <summary>HCPCS Level II services, supplies and procedures (CMS).</summary>
    public const string Hcpcs = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

    /// <summary>LOINC observations (Regenstrief Institute).</summary>
    public const string Loinc = "http://loinc.org";

    /// <summary>RxNorm medications (NLM).</summary>
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";

    /// <summary>CVX vaccines administered (CDC).</summary>
    public const string Cvx = "http://hl7.org/fhir/sid/cvx";

    /// <summary>UCUM units of measure.</summary>
    public const string Ucum = "http://unitsofmeasure.org";

    /// <summary>The project's own encounter-type codes (no licensed content; see EncounterTypes).</summary>
    public const string MicrocredEncounterType = "https://microcred.example.org/fhir/CodeSystem/encounter-type";

    /// <summary>Prefix of every identifier system the population uses; all identifiers are synthetic.</summary>
    public const string SyntheticIdentifierPrefix = "https://microcred.example.org/fhir/sid/synthetic-";
}
