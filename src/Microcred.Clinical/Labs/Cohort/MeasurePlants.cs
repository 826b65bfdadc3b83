using Microcred.Clinical.CodeSystems;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs.Cohort;

/// <summary>
/// Adds exclusion cases, and near misses, to patients of a measure's initial population. The generated
/// population is realistic, so exclusions are rare among adults under 76; a lab that teaches them needs
/// more of each, and needs the look-alikes that are not exclusions (frailty without advanced illness,
/// frailty under 66, a short nursing-facility stay). Each patient's plants come from its own random
/// stream, so patient n is planted the same way whatever the population size.
/// </summary>
internal static class MeasurePlants
{
    public static PatientRecord Plant(PatientRecord record, int index, long seed, ulong purpose, bool kidneyAndPregnancy, ScenarioPopulation population)
    {
        var random = Population.SeededRandom.ForStream(unchecked((ulong)seed), (ulong)index + 1, purpose);
        var start = population.PeriodStart;
        var end = record.Patient.DeathDate is { } died && died < population.PeriodEnd ? died : population.PeriodEnd;
        if (end.DayNumber - start.DayNumber < 120)
        {
            return record;
        }

        var age = record.Patient.AgeOn(population.PeriodEnd);
        var senior = age >= 66;
        var roll = random.NextDouble();
        var plant = new Planting(record, random, population, start, end);
        switch (roll)
        {
            case < 0.03:
                plant.Hospice();
                break;
            case < 0.06:
                plant.PalliativeByVideo();
                break;
            case < 0.08:
                plant.PalliativeConsult();
                break;
            case < 0.13 when senior:
                plant.Frailty();
                plant.Condition(random.Chance(0.5) ? "J44.9" : "I50.9", start.AddDays(-random.Between(200, 1500)));
                break;
            case < 0.13:
                plant.Frailty();
                plant.Condition("I50.9", start.AddDays(-random.Between(200, 1500)));
                break;
            case < 0.16:
                plant.Frailty();
                break;
            case < 0.19:
                plant.NursingFacilityVisits(random.Between(4, 8), 30);
                break;
            case < 0.21:
                plant.NursingFacilityVisits(2, random.Between(20, 60));
                break;
            case < 0.24 when kidneyAndPregnancy:
                var esrd = start.AddDays(-random.Between(30, 900));
                plant.Condition("N18.6", esrd);
                plant.Condition("Z99.2", esrd.AddDays(random.Between(10, 60)));
                break;
            case < 0.27 when kidneyAndPregnancy && record.Patient.Sex == AdministrativeSex.Female && age <= 45:
                var conception = start.AddDays(random.Between(0, 200));
                plant.Condition("Z33.1", conception.AddDays(42), abatement: conception.AddDays(275) <= population.PeriodEnd ? conception.AddDays(275) : null);
                break;
            case < 0.27 when kidneyAndPregnancy:
                plant.Condition("N18.4", start.AddDays(-random.Between(30, 900)));
                break;
            default:
                return record;
        }

        return plant.Result();
    }

    private sealed class Planting(PatientRecord record, Population.SeededRandom random, ScenarioPopulation population, DateOnly start, DateOnly end)
    {
        private readonly List<Encounter> _encounters = [.. record.Encounters];
        private readonly List<Condition> _conditions = [.. record.Conditions];
        private int _planted;

        public PatientRecord Result() => record with
        {
            Encounters = [.. _encounters.OrderBy(e => e.Start).ThenBy(e => e.Id, StringComparer.Ordinal)],
            Conditions = [.. _conditions.OrderBy(c => c.Onset).ThenBy(c => c.Id, StringComparer.Ordinal)],
        };

        public void Hospice()
        {
            var network = population.NetworkOf(record.Patient);
            var first = RandomDay(start.AddDays(60), end);
            for (var day = first; day <= end; day = day.AddDays(random.Between(5, 9)))
            {
                Encounter(EncounterClass.HomeHealth, EncounterTypes.HospiceVisit, day, 60, network.Hospice.Staff[0], network.Hospice.OrganizationId, network.Hospice.LocationId);
            }
        }

        public void PalliativeByVideo()
        {
            var day = RandomDay(start, end);
            var visit = Encounter(EncounterClass.Virtual, EncounterTypes.TelehealthVisit, day, 40, record.Patient.PrimaryPractitionerId,
                record.Patient.PrimaryOrganizationId, population.NetworkOf(record.Patient).VirtualLocationId);
            Condition("Z51.5", day, abatement: day, encounterId: visit.Id, category: ConditionCategory.EncounterDiagnosis);
        }

        public void PalliativeConsult()
        {
            var network = population.NetworkOf(record.Patient);
            Encounter(EncounterClass.Ambulatory, EncounterTypes.PalliativeConsult, RandomDay(start, end), 40, record.Patient.PrimaryPractitionerId,
                record.Patient.PrimaryOrganizationId, network.ClinicLocationId);
        }

        public void Frailty() => Condition("R54", start.AddDays(-random.Between(30, 700)));

        public void NursingFacilityVisits(int count, int spacing)
        {
            var facility = population.NetworkOf(record.Patient).NursingFacility;
            var latestFirst = end.AddDays(-((count - 1) * spacing) - 1);
            if (latestFirst < start)
            {
                return;
            }

            var day = RandomDay(start, latestFirst);
            for (var i = 0; i < count; i++, day = day.AddDays(spacing))
            {
                Encounter(EncounterClass.Ambulatory, EncounterTypes.NursingFacilityVisit, day, 20, facility.Clinician, facility.OrganizationId, facility.LocationId);
            }
        }

        public void Condition(string icd, DateOnly onset, DateOnly? abatement = null, string? encounterId = null, ConditionCategory category = ConditionCategory.ProblemListItem)
        {
            _conditions.Add(new Condition
            {
                Id = $"{record.Patient.Id}-c9{++_planted}",
                PatientId = record.Patient.Id,
                Code = CodeCatalog.Icd10Cm(icd),
                Category = category,
                Onset = onset,
                Abatement = abatement,
                Recorded = onset,
                EncounterId = encounterId,
            });
        }

        private Encounter Encounter(EncounterClass encounterClass, CodeSystems.ClinicalCode type, DateOnly day, int minutes, string practitioner, string organization, string location)
        {
            var begins = day.ToDateTime(new TimeOnly(random.Between(9, 15), random.Next(4) * 15));
            var encounter = new Encounter
            {
                Id = $"{record.Patient.Id}-e9{++_planted:D2}",
                PatientId = record.Patient.Id,
                Class = encounterClass,
                Type = type,
                Start = begins,
                End = begins.AddMinutes(minutes),
                PractitionerId = practitioner,
                OrganizationId = organization,
                LocationId = location,
            };
            _encounters.Add(encounter);
            return encounter;
        }

        private DateOnly RandomDay(DateOnly from, DateOnly to) => to <= from ? from : from.AddDays(random.Next(to.DayNumber - from.DayNumber + 1));
    }
}
