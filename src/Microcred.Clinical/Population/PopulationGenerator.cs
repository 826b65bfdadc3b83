namespace Microcred.Clinical.Population;

/// <summary>
/// Generates a deterministic synthetic patient population. Each patient is generated from its own
/// random stream (seed, index), so patients can be generated one at a time, streamed, or in parallel,
/// and patient <c>n</c> is identical whatever the population size.
/// </summary>
/// <example>
/// <code>
/// var generator = new PopulationGenerator(new PopulationOptions { Seed = 42, PatientCount = 500 });
/// foreach (var record in generator.Patients()) { ... }
/// </code>
/// </example>
public sealed class PopulationGenerator
{
    /// <summary>Validates the options and prepares the shared reference data.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public PopulationGenerator(PopulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }
        Options = options;
        Reference = ReferenceData.Create(options.Seed, Region.Get(options.Region));
    }

    /// <summary>The options this generator was made with.</summary>
    public PopulationOptions Options { get; }

    /// <summary>Organizations, practitioners and locations shared by all patients.</summary>
    public ReferenceData Reference { get; }

    /// <summary>Generates the whole population, lazily, one patient at a time, in index order.</summary>
    public static IEnumerable<PatientRecord> Generate(PopulationOptions options) => new PopulationGenerator(options).Patients();

    /// <summary>Streams the patients in index order; nothing is kept after a record is handed out.</summary>
    public IEnumerable<PatientRecord> Patients()
    {
        for (var i = 0; i < Options.PatientCount; i++)
        {
            yield return GeneratePatient(i);
        }
    }

    /// <summary>Generates the patient with the given zero-based index (its id is <c>p</c> + index + 1).</summary>
    public PatientRecord GeneratePatient(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Options.PatientCount);
        return new PatientSimulation(Options, Reference, index).Run();
    }
}
