using Microcred.Clinical.CodeSystems;

namespace Microcred.Clinical.Population;

/// <summary>A three-digit ZIP area with an approximate population (illustrative figures, not census data).</summary>
/// <param name="Zip3">The first three ZIP digits.</param>
/// <param name="State">Two-letter state code.</param>
/// <param name="City">A city in the area, used in addresses.</param>
/// <param name="ApproximatePopulation">Approximate population; some areas are deliberately under 20,000.</param>
/// <param name="AreaCode">Telephone area code used with the fictional 555-01xx numbers.</param>
public sealed record Zip3Area(string Zip3, string State, string City, int ApproximatePopulation, string AreaCode);

/// <summary>
/// A region the population lives in: a set of ZIP3 areas weighted by population. Populations are
/// approximate and synthetic-but-plausible; they exist so that de-identification exercises have both
/// large areas and areas under the Safe Harbor threshold (including restricted prefixes) to work on.
/// </summary>
public sealed record Region
{
    /// <summary>The default region.</summary>
    public const string DefaultName = "northern-new-england";

    private static readonly Lazy<IReadOnlyDictionary<string, Region>> Bundled = new(Load);

    /// <summary>Region name as used on the command line.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// UTC offset of the region's standard time. Every time in the model is the region's local standard
    /// time (no daylight saving), so a time's date is the local calendar date; FHIR output carries this offset.
    /// </summary>
    public required int StandardUtcOffsetHours { get; init; }

    /// <summary>ZIP3 areas, in file order.</summary>
    public required IReadOnlyList<Zip3Area> Areas { get; init; }

    /// <summary>Names of the bundled regions.</summary>
    public static IReadOnlyList<string> Names => [.. Bundled.Value.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Finds a bundled region by name.</summary>
    public static bool TryGet(string name, out Region region) => Bundled.Value.TryGetValue(name, out region!);

    /// <summary>Returns a bundled region, or throws an <see cref="ArgumentException"/> naming the valid ones.</summary>
    public static Region Get(string name) =>
        TryGet(name, out var region)
            ? region
            : throw new ArgumentException($"Unknown region '{name}'. Known regions: {string.Join(", ", Names)}.", nameof(name));

    private static Dictionary<string, Region> Load()
    {
        using var reader = new StreamReader(CodeCatalog.OpenResource("regions.csv"));
        var rows = CsvText.Parse(reader.ReadToEnd()).Skip(1);
        var offsets = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["northern-new-england"] = -5,
            ["wyoming"] = -7,
        };
        return rows
            .GroupBy(r => r[0], StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => new Region
                {
                    Name = g.Key,
                    StandardUtcOffsetHours = offsets[g.Key],
                    Areas = [.. g.Select(r => new Zip3Area(r[2], r[1], r[3], int.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture), r[5]))],
                },
                StringComparer.Ordinal);
    }
}

/// <summary>HIPAA Safe Harbor facts about ZIP codes (45 CFR 164.514(b)(2)(i)(B)).</summary>
public static class SafeHarborZip3
{
    /// <summary>A ZIP3 may be kept only when its area has more than this many people.</summary>
    public const int PopulationThreshold = 20_000;

    /// <summary>ZIP3 prefixes that must always become 000 (areas of 20,000 or fewer people).</summary>
    public static IReadOnlySet<string> Restricted { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878", "879", "884", "890", "893",
    };
}
