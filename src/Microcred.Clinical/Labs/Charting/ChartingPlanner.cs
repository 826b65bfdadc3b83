using System.Globalization;
using System.Text;
using Microcred.Clinical.CodeSystems;
using Microcred.Clinical.Fhir;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs.Charting;

/// <summary>Picks an adult clinic visit from the population and writes the visit note the learner charts.</summary>
internal static class ChartingPlanner
{
    public static ChartingScenario Plan(long seed, string stream)
    {
        var random = LabRandom.For(seed, stream);
        var generator = new PopulationGenerator(new PopulationOptions { Seed = seed, PatientCount = 500 });
        PatientRecord? record = null;
        Encounter? encounter = null;
        for (var i = 0; i < 500 && encounter is null; i++)
        {
            record = generator.GeneratePatient(i);
            var age = record.Patient.AgeOn(new DateOnly(2025, 6, 30));
            if (age is >= 25 and <= 80 && record.Patient.DeathDate is null)
            {
                encounter = record.Encounters.LastOrDefault(e => e.Class == EncounterClass.Ambulatory && (e.End - e.Start).TotalMinutes >= 15);
            }
        }

        if (record is null || encounter is null)
        {
            throw new InvalidOperationException($"No adult clinic visit in the first 500 patients of population {seed}.");
        }

        var mapper = new FhirPopulationMapper(generator.Reference, FhirReferenceStyle.Relative);
        var resources = mapper.PatientResources(record).ToList();
        var patient = resources.OfType<Hl7.Fhir.Model.Patient>().Single();
        var fhirEncounter = resources.OfType<Hl7.Fhir.Model.Encounter>().Single(e => e.Id == encounter.Id);
        fhirEncounter.ReasonCode = [];
        var offset = TimeSpan.FromHours(generator.Reference.Region.StandardUtcOffsetHours);
        var start = new DateTimeOffset(encounter.Start, offset);
        var end = new DateTimeOffset(encounter.End, offset);
        var measured = start.AddMinutes(random.Between(3, Math.Max(4, (int)(end - start).TotalMinutes / 2)));

        var story = random.Pick(ChartingVitals.Stories);
        var systolic = (decimal)random.Between(112, 164);
        var values = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            ["systolic"] = systolic,
            ["diastolic"] = Math.Round((systolic * 0.55m) + random.Between(2, 14)),
            ["hr"] = random.Between(58, 104),
            ["rr"] = random.Between(12, 20),
            ["spo2"] = random.Between(93, 99),
        };
        var celsius = Math.Round((decimal)random.Uniform(36.3, 38.4), 1);
        var inFahrenheit = random.Chance(0.5);
        var fahrenheit = Math.Round((celsius * 9m / 5m) + 32m, 1);
        values["temp"] = inFahrenheit ? (fahrenheit - 32m) * 5m / 9m : celsius;
        var inPounds = random.Chance(0.5);
        var kilograms = Math.Round((decimal)random.Uniform(55, 115), 1);
        var pounds = Math.Round(kilograms / 0.45359237m);
        values["weight"] = inPounds ? pounds * 0.45359237m : kilograms;
        var inInches = random.Chance(0.5);
        var inches = random.Between(60, 75);
        var centimeters = Math.Round(inches * 2.54m, 1);
        values["height"] = inInches ? inches * 2.54m : centimeters;
        var meters = values["height"] / 100m;
        values["bmi"] = Math.Round(values["weight"] / (meters * meters), 1);

        var p = record.Patient;
        var condition = CodeCatalog.Icd10Cm(story.Icd10Cm);
        var note = new StringBuilder()
            .Append("# Clinic visit note (synthetic)\n\n")
            .Append(CultureInfo.InvariantCulture, $"Patient: {p.GivenName} {p.FamilyName}, MRN {p.Mrn}, born {p.BirthDate:yyyy-MM-dd} — FHIR `Patient/{p.Id}`\n")
            .Append(CultureInfo.InvariantCulture, $"Visit: `Encounter/{encounter.Id}`, {start:yyyy-MM-dd} from {start:HH:mm} to {end:HH:mm} (UTC{start:zzz})\n\n")
            .Append(CultureInfo.InvariantCulture, $"**Chief complaint:** {story.Complaint}.\n\n")
            .Append(CultureInfo.InvariantCulture, $"**Vital signs** (taken at {measured:HH:mm} by the medical assistant): blood pressure {values["systolic"]}/{values["diastolic"]} mm Hg sitting, ")
            .Append(CultureInfo.InvariantCulture, $"pulse {values["hr"]} beats per minute, respirations {values["rr"]} per minute, ")
            .Append(inFahrenheit ? $"temperature {ChartingVitals.Format(fahrenheit)} °F oral, " : $"temperature {ChartingVitals.Format(celsius)} °C oral, ")
            .Append(CultureInfo.InvariantCulture, $"oxygen saturation {values["spo2"]} % on room air by pulse oximetry, ")
            .Append(inPounds ? $"weight {ChartingVitals.Format(pounds)} lb, " : $"weight {ChartingVitals.Format(kilograms)} kg, ")
            .Append(inInches ? $"height {inches / 12} ft {inches % 12} in, " : $"height {ChartingVitals.Format(centimeters)} cm, ")
            .Append(CultureInfo.InvariantCulture, $"BMI {ChartingVitals.Format(values["bmi"])} kg/m².\n\n")
            .Append(CultureInfo.InvariantCulture, $"**Assessment and plan:** {story.Assessment} Added to the problem list as an active, confirmed problem ({condition.Display}).\n");

        return new ChartingScenario(record, encounter, FhirJson.Serialize(patient, indented: true), FhirJson.Serialize(fhirEncounter, indented: true),
            measured, start, end, values, story, note.ToString());
    }
}
