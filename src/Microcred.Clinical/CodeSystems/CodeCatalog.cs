using System.Collections.Frozen;
using System.Reflection;

namespace Microcred.Clinical.CodeSystems;

/// <summary>
/// The bundled code-system subsets (ICD-10-CM, ICD-10-PCS, HCPCS Level II, LOINC, RxNorm, CVX, UCUM),
/// loaded once from the CSV files embedded in this assembly. Provenance and licence notices are in
/// <c>CodeSystems/NOTICE.md</c>; <see cref="LoincNotice"/> must accompany any output that carries LOINC codes.
/// </summary>
public static class CodeCatalog
{
    /// <summary>The LOINC copyright and licence notice required wherever LOINC content is redistributed.</summary>
    public const string LoincNotice =
        "This material contains content from LOINC (http://loinc.org). LOINC is copyright © 1995-2025, " +
        "Regenstrief Institute, Inc. and the Logical Observation Identifiers Names and Codes (LOINC) Committee " +
        "and is available at no cost under the license at http://loinc.org/license. " +
        "LOINC® is a registered United States trademark of Regenstrief Institute, Inc.";

    private static readonly (string File, string System)[] Files =
    [
        ("icd10cm.csv", CodeSystemUris.Icd10Cm),
        ("icd10pcs.csv", CodeSystemUris.Icd10Pcs),
        ("hcpcs.csv", CodeSystemUris.Hcpcs),
        ("loinc.csv", CodeSystemUris.Loinc),
        ("rxnorm.csv", CodeSystemUris.RxNorm),
        ("cvx.csv", CodeSystemUris.Cvx),
        ("ucum.csv", CodeSystemUris.Ucum),
    ];

    private static readonly Lazy<FrozenDictionary<string, FrozenDictionary<string, ClinicalCode>>> Systems = new(Load);

    /// <summary>The code systems bundled, by URI.</summary>
    public static IReadOnlyCollection<string> SystemUris => Systems.Value.Keys;

    /// <summary>Every bundled code of one system, in file order is not guaranteed; sort if order matters.</summary>
    public static IReadOnlyCollection<ClinicalCode> All(string system) =>
        Systems.Value.TryGetValue(system, out var codes) ? codes.Values : [];

    /// <summary>Looks a code up; returns false when the subset does not contain it.</summary>
    public static bool TryGet(string system, string code, out ClinicalCode clinicalCode)
    {
        if (Systems.Value.TryGetValue(system, out var codes) && codes.TryGetValue(code, out var found))
        {
            clinicalCode = found;
            return true;
        }
        clinicalCode = null!;
        return false;
    }

    /// <summary>Returns a bundled code, or throws when the subset does not contain it (a defect in the generator).</summary>
    public static ClinicalCode Get(string system, string code) =>
        TryGet(system, code, out var found)
            ? found
            : throw new KeyNotFoundException($"Code '{code}' is not in the bundled subset of {system}.");

    /// <summary>An ICD-10-CM diagnosis code.</summary>
    public static ClinicalCode Icd10Cm(string code) => Get(CodeSystemUris.Icd10Cm, code);

    /// <summary>An ICD-10-PCS procedure code.</summary>
    public static ClinicalCode Icd10Pcs(string code) => Get(CodeSystemUris.Icd10Pcs, code);

    /// <summary>A HCPCS Level II code.</summary>
    public static ClinicalCode Hcpcs(string code) => Get(CodeSystemUris.Hcpcs, code);

    /// <summary>A LOINC code.</summary>
    public static ClinicalCode Loinc(string code) => Get(CodeSystemUris.Loinc, code);

    /// <summary>An RxNorm code.</summary>
    public static ClinicalCode RxNorm(string code) => Get(CodeSystemUris.RxNorm, code);

    /// <summary>A CVX vaccine code.</summary>
    public static ClinicalCode Cvx(string code) => Get(CodeSystemUris.Cvx, code);

    internal static Stream OpenResource(string fileName)
    {
        var assembly = typeof(CodeCatalog).Assembly;
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith("." + fileName, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Embedded resource {fileName} is missing from {assembly.GetName().Name}.");
        return assembly.GetManifestResourceStream(name)!;
    }

    private static FrozenDictionary<string, FrozenDictionary<string, ClinicalCode>> Load()
    {
        var systems = new Dictionary<string, FrozenDictionary<string, ClinicalCode>>(StringComparer.Ordinal);
        foreach (var (file, system) in Files)
        {
            using var reader = new StreamReader(OpenResource(file));
            var rows = CsvText.Parse(reader.ReadToEnd());
            var codes = new Dictionary<string, ClinicalCode>(StringComparer.Ordinal);
            foreach (var row in rows.Skip(1))
            {
                if (row.Count < 2 || row[0].Length == 0 || row[1].Length == 0)
                {
                    throw new InvalidDataException($"{file}: every row needs a code and a display.");
                }
                if (!codes.TryAdd(row[0], new ClinicalCode(system, row[0], row[1])))
                {
                    throw new InvalidDataException($"{file}: code {row[0]} appears twice.");
                }
            }
            systems[system] = codes.ToFrozenDictionary(StringComparer.Ordinal);
        }
        return systems.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
