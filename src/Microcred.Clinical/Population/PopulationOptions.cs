namespace Microcred.Clinical.Population;

/// <summary>What population to generate. The same options always give the same population.</summary>
public sealed record PopulationOptions
{
    /// <summary>The largest population the generator accepts.</summary>
    public const int MaxPatients = 1_000_000;

    /// <summary>Seed of the population; every value is derived from it.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Number of patients (1 to <see cref="MaxPatients"/>).</summary>
    public int PatientCount { get; init; } = 1000;

    /// <summary>Name of a bundled region (see <see cref="Region.Names"/>).</summary>
    public string Region { get; init; } = Population.Region.DefaultName;

    /// <summary>The "today" of the data set: nothing happens after it except still-booked appointments.</summary>
    public DateOnly AsOf { get; init; } = new(2025, 12, 31);

    /// <summary>Years of encounter history generated before <see cref="AsOf"/> (1 to 5).</summary>
    public int HistoryYears { get; init; } = 2;

    /// <summary>First day of the generated encounter history.</summary>
    public DateOnly HistoryStart => AsOf.AddYears(-HistoryYears).AddDays(1);

    /// <summary>First day of the measurement period: the twelve months that end on <see cref="AsOf"/>.</summary>
    public DateOnly MeasurementPeriodStart => AsOf.AddYears(-1).AddDays(1);

    /// <summary>Problems with these options, in words; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (PatientCount is < 1 or > MaxPatients)
        {
            problems.Add($"The patient count must be between 1 and {MaxPatients:N0}; got {PatientCount}.");
        }
        if (!Population.Region.TryGet(Region, out _))
        {
            problems.Add($"Unknown region '{Region}'. Known regions: {string.Join(", ", Population.Region.Names)}.");
        }
        if (HistoryYears is < 1 or > 5)
        {
            problems.Add($"History must be 1 to 5 years; got {HistoryYears}.");
        }
        if (AsOf.Year is < 1950 or > 2100)
        {
            problems.Add($"The as-of date must be between 1950 and 2100; got {AsOf:yyyy-MM-dd}.");
        }
        return problems;
    }
}
