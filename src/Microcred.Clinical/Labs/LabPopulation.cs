using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs;

/// <summary>Draws scenario patients from the synthetic population, so labs share its people, identifiers
/// and code systems instead of inventing their own.</summary>
internal static class LabPopulation
{
    private const int SearchLimit = 500;

    /// <summary>The first patient of the seed's population that satisfies <paramref name="wanted"/>.</summary>
    public static PatientRecord FirstPatient(long seed, Func<PatientRecord, bool> wanted)
    {
        var generator = new PopulationGenerator(new PopulationOptions { Seed = seed, PatientCount = SearchLimit });
        for (var i = 0; i < SearchLimit; i++)
        {
            var record = generator.GeneratePatient(i);
            if (wanted(record))
            {
                return record;
            }
        }

        throw new InvalidOperationException($"No patient in the first {SearchLimit} of population {seed} fits this scenario.");
    }
}
