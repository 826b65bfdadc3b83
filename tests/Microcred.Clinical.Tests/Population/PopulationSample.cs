using Microcred.Clinical.Population;

namespace Microcred.Clinical.Tests.Population;

/// <summary>One 5,000-patient population shared by the statistical tests of a class.</summary>
public sealed class PopulationSample
{
    public PopulationSample()
    {
        Generator = new PopulationGenerator(new PopulationOptions { Seed = 20_260_101, PatientCount = 5000 });
        Records = Generator.Patients().ToList();
    }

    public PopulationGenerator Generator { get; }

    public IReadOnlyList<PatientRecord> Records { get; }

    public DateOnly AsOf => Generator.Options.AsOf;

    public IEnumerable<PatientRecord> Adults => Records.Where(r => r.Patient.AgeOn(AsOf) >= 18);
}
