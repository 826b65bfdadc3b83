using Microcred.Clinical.Population;

namespace Microcred.Clinical.Tests.Population;

public class ConsistencyTests(PopulationSample sample) : IClassFixture<PopulationSample>
{
    private static bool Has(PatientRecord r, string prefix) => r.Conditions.Any(c => c.Code.Code.StartsWith(prefix, StringComparison.Ordinal));

    private static IEnumerable<decimal> Values(PatientRecord r, string loinc) => r.Observations.Where(o => o.Code.Code == loinc).Select(o => o.Value!.Value);

    [Fact]
    public void Diabetics_have_higher_hba1c_than_non_diabetics()
    {
        var diabetic = sample.Records.Where(r => Has(r, "E11")).SelectMany(r => Values(r, "4548-4")).ToList();
        var others = sample.Records.Where(r => !Has(r, "E11")).SelectMany(r => Values(r, "4548-4")).ToList();
        Assert.True(diabetic.Count > 100 && others.Count > 100);
        Assert.True(diabetic.Average() > 7.2m, $"diabetic mean {diabetic.Average():F2}");
        Assert.True(others.Average() < 6.0m, $"non-diabetic mean {others.Average():F2}");
        Assert.Contains(diabetic, v => v > 9.0m);
    }

    [Fact]
    public void Hypertensives_have_higher_blood_pressure_and_it_improves_on_treatment()
    {
        static IEnumerable<(DateTime At, decimal Systolic)> Systolic(PatientRecord r) => r.Observations
            .Where(o => o.Code.Code == "85354-9")
            .Select(o => (o.Effective, o.Components.Single(c => c.Code.Code == "8480-6").Value));
        var hypertensive = sample.Adults.Where(r => Has(r, "I10")).SelectMany(r => Systolic(r).Select(s => s.Systolic)).ToList();
        var others = sample.Adults.Where(r => !Has(r, "I10")).SelectMany(r => Systolic(r).Select(s => s.Systolic)).ToList();
        Assert.True(hypertensive.Average() > others.Average() + 10, $"{hypertensive.Average():F1} vs {others.Average():F1}");

        // Patients diagnosed inside the history and treated: readings after 90 days of treatment are lower.
        var before = new List<decimal>();
        var after = new List<decimal>();
        foreach (var r in sample.Records.Where(r => Has(r, "I10")))
        {
            var diagnosis = r.Conditions.First(c => c.Code.Code == "I10");
            var treated = r.Medications.Where(m => m.ReasonConditionId == diagnosis.Id).Select(m => m.AuthoredOn).DefaultIfEmpty(DateTime.MaxValue).Min();
            if (diagnosis.EncounterId is null || treated == DateTime.MaxValue)
            {
                continue;
            }
            before.AddRange(Systolic(r).Where(s => s.At <= treated.AddDays(1)).Select(s => s.Systolic));
            after.AddRange(Systolic(r).Where(s => s.At > treated.AddDays(90)).Select(s => s.Systolic));
        }
        Assert.True(before.Count > 20 && after.Count > 20, $"{before.Count} before, {after.Count} after");
        Assert.True(after.Average() < before.Average() - 4, $"before {before.Average():F1}, after {after.Average():F1}");
    }

    [Fact]
    public void High_office_readings_are_sometimes_rechecked_and_acute_settings_read_higher()
    {
        static decimal Systolic(Observation o) => o.Components.Single(c => c.Code.Code == "8480-6").Value;
        var rechecked = sample.Records
            .SelectMany(r => r.Observations.Where(o => o.Code.Code == "85354-9").GroupBy(o => o.EncounterId))
            .Where(g => g.Count() == 2)
            .ToList();
        Assert.True(rechecked.Count > 100, $"{rechecked.Count} rechecks");
        Assert.All(rechecked, g =>
        {
            var readings = g.OrderBy(o => o.Effective).ToList();
            Assert.True(Systolic(readings[0]) >= 140 && Systolic(readings[1]) < Systolic(readings[0]), g.Key);
        });

        var hypertensive = sample.Adults.Where(r => Has(r, "I10")).ToList();
        decimal MeanIn(EncounterClass setting) => hypertensive
            .SelectMany(r => r.Observations.Where(o => o.Code.Code == "85354-9" && r.Encounters.Single(e => e.Id == o.EncounterId).Class == setting))
            .Select(Systolic).Average();
        Assert.True(MeanIn(EncounterClass.Emergency) > MeanIn(EncounterClass.Ambulatory) + 3);
    }

    [Fact]
    public void Bmi_matches_the_weight_and_height_taken_with_it()
    {
        var checkedCount = 0;
        foreach (var r in sample.Records.Take(1500))
        {
            foreach (var bmi in r.Observations.Where(o => o.Code.Code == "39156-5"))
            {
                var weight = r.Observations.Single(o => o.EncounterId == bmi.EncounterId && o.Code.Code == "29463-7").Value!.Value;
                var height = r.Observations.Single(o => o.EncounterId == bmi.EncounterId && o.Code.Code == "8302-2").Value!.Value / 100;
                Assert.InRange(bmi.Value!.Value, weight / (height * height) - 0.051m, weight / (height * height) + 0.051m);
                checkedCount++;
            }
        }
        Assert.True(checkedCount > 1000);
    }

    [Fact]
    public void Egfr_follows_the_ckd_epi_2021_equation_from_the_creatinine_drawn_with_it()
    {
        foreach (var r in sample.Records.Take(1500))
        {
            foreach (var egfr in r.Observations.Where(o => o.Code.Code == "62238-1"))
            {
                var creatinine = (double)r.Observations.Single(o => o.EncounterId == egfr.EncounterId && o.Code.Code == "2160-0").Value!.Value;
                var female = r.Patient.Sex == AdministrativeSex.Female;
                var age = Math.Max(18, (DateOnly.FromDateTime(egfr.Effective).DayNumber - r.Patient.BirthDate.DayNumber) / 365.25);
                var ratio = creatinine / (female ? 0.7 : 0.9);
                var expected = 142 * Math.Pow(Math.Min(ratio, 1), female ? -0.241 : -0.302) * Math.Pow(Math.Max(ratio, 1), -1.2) * Math.Pow(0.9938, age) * (female ? 1.012 : 1);
                Assert.InRange((double)egfr.Value!.Value, expected - 1.01, expected + 1.01);
            }
        }
    }

    [Fact]
    public void Patients_with_stage_3_ckd_have_egfr_in_the_stage_range()
    {
        var values = sample.Records.Where(r => r.Conditions.Any(c => c.Code.Code == "N18.32")).SelectMany(r => Values(r, "62238-1")).ToList();
        Assert.NotEmpty(values);
        Assert.InRange(values.Average(), 20m, 50m);
    }

    [Fact]
    public void Times_are_ordered_and_discharge_follows_admission()
    {
        foreach (var r in sample.Records)
        {
            foreach (var e in r.Encounters)
            {
                Assert.True(e.End > e.Start, e.Id);
                if (e.Admission?.FromEmergencyEncounterId is { } edId)
                {
                    var ed = r.Encounters.Single(x => x.Id == edId);
                    Assert.Equal(EncounterClass.Emergency, ed.Class);
                    Assert.True(ed.End <= e.Start.AddMinutes(1), e.Id);
                }
            }
            Assert.Equal(r.Encounters.OrderBy(e => e.Start).Select(e => e.Id), r.Encounters.Select(e => e.Id));
            foreach (var a in r.Appointments)
            {
                Assert.True(a.BookedAt < a.Start, a.Id);
                switch (a.Status)
                {
                    case AppointmentStatus.CancelledInAdvance:
                        Assert.True(a.CancelledAt <= a.Start.AddHours(-24) && a.CancelledAt > a.BookedAt, a.Id);
                        Assert.Null(a.EncounterId);
                        break;
                    case AppointmentStatus.CancelledLate:
                        Assert.True(a.CancelledAt > a.Start.AddHours(-24) && a.CancelledAt < a.Start, a.Id);
                        Assert.Null(a.EncounterId);
                        break;
                    case AppointmentStatus.NoShow:
                        Assert.Null(a.EncounterId);
                        break;
                    case AppointmentStatus.Fulfilled:
                        Assert.NotNull(a.EncounterId);
                        break;
                    default:
                        Assert.True(DateOnly.FromDateTime(a.Start) > sample.AsOf, a.Id);
                        break;
                }
            }
        }
    }

    [Fact]
    public void Nothing_happens_after_death_or_after_the_as_of_date()
    {
        foreach (var r in sample.Records)
        {
            var last = r.Patient.DeathDate ?? sample.AsOf;
            Assert.All(r.Encounters, e => Assert.True(DateOnly.FromDateTime(e.Start) <= last, e.Id));
            Assert.All(r.Encounters.Where(e => e.Class == EncounterClass.Inpatient), e => Assert.True(DateOnly.FromDateTime(e.End) <= last, e.Id));
            Assert.All(r.Observations, o => Assert.True(DateOnly.FromDateTime(o.Effective) <= last, o.Id));
            Assert.All(r.Procedures, p => Assert.True(DateOnly.FromDateTime(p.Performed) <= last, p.Id));
            Assert.All(r.Immunizations, i => Assert.True(DateOnly.FromDateTime(i.Occurrence) <= last, i.Id));
            Assert.All(r.Medications, m => Assert.True(DateOnly.FromDateTime(m.AuthoredOn) <= last, m.Id));
            Assert.All(r.RemoteReadings, x => Assert.True(DateOnly.FromDateTime(x.Taken) <= last, x.Id));
            Assert.All(r.Conditions, c => Assert.True(c.Onset <= last && (c.Abatement is null || c.Abatement <= last), c.Id));
            Assert.All(r.Appointments.Where(a => a.Status != AppointmentStatus.Booked), a => Assert.True(DateOnly.FromDateTime(a.Start) <= last, a.Id));
            Assert.All(r.Claims, c => Assert.True(c.Created <= sample.AsOf, c.Id));
            if (r.Patient.DeathDate is { } death)
            {
                Assert.All(r.Medications, m => Assert.NotEqual(MedicationStatus.Active, m.Status));
                Assert.DoesNotContain(r.Appointments, a => a.Status == AppointmentStatus.Booked);
                Assert.True(death >= r.Patient.BirthDate);
            }
        }
    }

    [Fact]
    public void Sex_specific_conditions_only_appear_in_the_right_patients()
    {
        foreach (var r in sample.Records.Where(r => r.Patient.Sex == AdministrativeSex.Male))
        {
            Assert.DoesNotContain(r.Conditions, c => c.Code.Code is "Z33.1" or "O80" or "C50.911");
        }
        foreach (var r in sample.Records.Where(r => r.Conditions.Any(c => c.Code.Code == "Z33.1")))
        {
            Assert.InRange(r.Patient.AgeOn(sample.AsOf), 18, 46);
        }
    }

    [Fact]
    public void Medications_match_the_conditions_they_treat()
    {
        var expected = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["860975"] = ["E11"], ["1373463"] = ["E11"], ["897122"] = ["E11"], ["865098"] = ["E11"],
            ["1364445"] = ["I48"], ["997223"] = ["G30"], ["745752"] = ["J45"], ["859088"] = ["J44"],
            ["313988"] = ["I50"], ["1656351"] = ["I50"],
        };
        foreach (var r in sample.Records)
        {
            foreach (var m in r.Medications.Where(m => expected.ContainsKey(m.Medication.Code)))
            {
                var reason = r.Conditions.Single(c => c.Id == m.ReasonConditionId);
                Assert.Contains(expected[m.Medication.Code], prefix => reason.Code.Code.StartsWith(prefix, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Claims_carry_the_encounter_diagnoses_and_only_icd10cm_codes()
    {
        foreach (var r in sample.Records.Take(2000))
        {
            Assert.True(r.Patient.PayerId is not null || r.Claims.Count == 0);
            foreach (var claim in r.Claims)
            {
                var encounter = r.Encounters.Single(e => e.Id == claim.EncounterId);
                Assert.NotEmpty(claim.Diagnoses);
                Assert.Equal(Enumerable.Range(1, claim.Diagnoses.Count), claim.Diagnoses.Select(d => d.Sequence));
                Assert.All(claim.Diagnoses, d => Assert.Equal(Microcred.Clinical.CodeSystems.CodeSystemUris.Icd10Cm, d.Code.System));
                if (encounter.Reason is { } reason)
                {
                    Assert.Equal(reason.Code, claim.Diagnoses[0].Code.Code);
                }
                Assert.True(claim.Total >= claim.Lines.Sum(l => l.Amount), claim.Id);
            }
        }
    }
}
