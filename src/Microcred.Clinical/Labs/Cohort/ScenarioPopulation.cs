using System.Collections.Concurrent;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs.Cohort;

/// <summary>A synthetic clinic population as the population-scale labs use it: every patient generated from
/// the scenario seed, trimmed to what those labs read (no claims, immunizations, procedures or allergies;
/// only the observations the labs grade on). Several labs built from the same seed and size share one
/// instance, so a 100,000-patient scenario is generated once.</summary>
internal sealed class ScenarioPopulation
{
    /// <summary>Observation codes the labs read: HbA1c, glucose, blood-pressure panel.</summary>
    internal static readonly IReadOnlySet<string> KeptObservationCodes = new HashSet<string>(StringComparer.Ordinal) { "4548-4", "2345-7", "85354-9" };

    private const int CachedPopulations = 2;
    private static readonly LinkedList<(long Seed, int Count, Lazy<ScenarioPopulation> Population)> Cache = new();
    private static readonly Lock CacheLock = new();
    private readonly Dictionary<string, CareNetwork> _networkOfClinic;

    private ScenarioPopulation(PopulationGenerator generator, PatientRecord[] patients)
    {
        Options = generator.Options;
        Reference = generator.Reference;
        Patients = patients;
        var locations = Reference.Locations.ToDictionary(l => l.Id, l => l, StringComparer.Ordinal);
        ClinicOfLocation = locations.Values
            .Where(l => l.Kind is LocationKind.Clinic or LocationKind.Virtual)
            .ToDictionary(l => l.Id, l => l.OrganizationId, StringComparer.Ordinal);
        Clinics = [.. Reference.Organizations.Where(o => o.Kind == OrganizationKind.Clinic).OrderBy(o => o.Id, StringComparer.Ordinal)];
        _networkOfClinic = Reference.Networks.Values.ToDictionary(n => n.ClinicId, StringComparer.Ordinal);
    }

    public PopulationOptions Options { get; }

    public ReferenceData Reference { get; }

    /// <summary>Patients in index order (patient <c>i</c> has id <c>p</c> + (i + 1)).</summary>
    public IReadOnlyList<PatientRecord> Patients { get; }

    /// <summary>Primary-care clinics, by id.</summary>
    public IReadOnlyList<Organization> Clinics { get; }

    /// <summary>The clinic organization that owns a clinic or telehealth location.</summary>
    public IReadOnlyDictionary<string, string> ClinicOfLocation { get; }

    /// <summary>First day of the measurement period (the twelve months ending on the as-of date).</summary>
    public DateOnly PeriodStart => Options.MeasurementPeriodStart;

    /// <summary>Last day of the measurement period (the as-of date).</summary>
    public DateOnly PeriodEnd => Options.AsOf;

    /// <summary>The care network (clinic, hospital, hospice, nursing facility) of a patient's primary-care clinic.</summary>
    public CareNetwork NetworkOf(Patient patient) => _networkOfClinic[patient.PrimaryOrganizationId];

    /// <summary>The population for a seed and size, generated once and shared while it stays in the small cache.</summary>
    public static ScenarioPopulation Get(long seed, int patientCount)
    {
        Lazy<ScenarioPopulation> entry;
        lock (CacheLock)
        {
            var node = Cache.First;
            while (node is not null && (node.Value.Seed != seed || node.Value.Count != patientCount))
            {
                node = node.Next;
            }

            if (node is null)
            {
                entry = new Lazy<ScenarioPopulation>(() => Generate(seed, patientCount), LazyThreadSafetyMode.ExecutionAndPublication);
                Cache.AddFirst((seed, patientCount, entry));
                while (Cache.Count > CachedPopulations)
                {
                    Cache.RemoveLast();
                }
            }
            else
            {
                entry = node.Value.Population;
                Cache.Remove(node);
                Cache.AddFirst(node);
            }
        }

        return entry.Value;
    }

    /// <summary>Forgets every cached population, so the next request generates from scratch.</summary>
    public static void ClearCache()
    {
        lock (CacheLock)
        {
            Cache.Clear();
        }
    }

    private static ScenarioPopulation Generate(long seed, int patientCount)
    {
        var generator = new PopulationGenerator(new PopulationOptions { Seed = seed, PatientCount = patientCount });
        var patients = new PatientRecord[patientCount];
        // Each patient has its own random stream, so generating them in parallel gives the same records as in order.
        var ranges = Partitioner.Create(0, patientCount, Math.Max(64, patientCount / (Environment.ProcessorCount * 8)));
        Parallel.ForEach(ranges, range =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                patients[i] = Trim(generator.GeneratePatient(i));
            }
        });
        return new ScenarioPopulation(generator, patients);
    }

    private static PatientRecord Trim(PatientRecord record) => record with
    {
        Observations = [.. record.Observations.Where(o => KeptObservationCodes.Contains(o.Code.Code))],
        Allergies = [],
        Immunizations = [],
        Procedures = [],
        Claims = [],
    };
}
