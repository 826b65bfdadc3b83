using Microcred.Clinical.Population;

namespace Microcred.Clinical.Tests.Population;

public class PrevalenceTests(PopulationSample sample) : IClassFixture<PopulationSample>
{
    private static double Share(IEnumerable<PatientRecord> people, Func<PatientRecord, bool> has)
    {
        var list = people.ToList();
        return list.Count(has) / (double)list.Count;
    }

    private static bool HasCode(PatientRecord r, Func<string, bool> code) => r.Conditions.Any(c => code(c.Code.Code));

    private static void AssertWithin(TargetRange range, double share) =>
        Assert.True(range.Contains(share), $"{range.Name}: {share:P1} is outside {range.Minimum:P0}-{range.Maximum:P0}");

    [Fact]
    public void Chronic_disease_prevalence_among_adults_is_within_the_stated_ranges()
    {
        AssertWithin(PopulationTargets.Hypertension, Share(sample.Adults, r => HasCode(r, c => c == "I10")));
        AssertWithin(PopulationTargets.Diabetes, Share(sample.Adults, r => HasCode(r, c => c.StartsWith("E11", StringComparison.Ordinal))));
        AssertWithin(PopulationTargets.HeartFailure, Share(sample.Adults, r => HasCode(r, c => c.StartsWith("I50", StringComparison.Ordinal))));
        AssertWithin(PopulationTargets.Copd, Share(sample.Adults, r => HasCode(r, c => c.StartsWith("J44", StringComparison.Ordinal))));
        AssertWithin(PopulationTargets.Depression, Share(sample.Adults, r => HasCode(r, c => c.StartsWith("F32", StringComparison.Ordinal))));
        AssertWithin(PopulationTargets.ChronicKidneyDisease, Share(sample.Adults, r => HasCode(r, c => c is "N18.30" or "N18.31" or "N18.32" or "N18.4" or "N18.6")));
        AssertWithin(PopulationTargets.Asthma, Share(sample.Records.Where(r => r.Patient.AgeOn(sample.AsOf) >= 3), r => HasCode(r, c => c.StartsWith("J45", StringComparison.Ordinal))));
    }

    [Fact]
    public void Obesity_by_latest_bmi_is_within_the_stated_range()
    {
        var latest = sample.Adults
            .Select(r => r.Observations.Where(o => o.Code.Code == "39156-5").OrderBy(o => o.Effective).LastOrDefault())
            .Where(o => o is not null)
            .ToList();
        Assert.True(latest.Count > 2000);
        AssertWithin(PopulationTargets.ObesityByBmi, latest.Count(o => o!.Value >= 30) / (double)latest.Count);
    }

    [Fact]
    public void Prevalence_rises_with_age()
    {
        double Hypertension(int from, int to) => Share(sample.Records.Where(r => r.Patient.AgeOn(sample.AsOf) is var a && a >= from && a <= to), r => HasCode(r, c => c == "I10"));
        Assert.True(Hypertension(18, 39) < Hypertension(40, 64));
        Assert.True(Hypertension(40, 64) < Hypertension(65, 110));
        Assert.Equal(0, Share(sample.Records.Where(r => r.Patient.AgeOn(sample.AsOf) < 18), r => HasCode(r, c => c is "I10" or "I50.9" or "J44.9" or "G30.9")));
    }

    [Fact]
    public void No_show_rate_is_within_the_stated_range()
    {
        var past = sample.Records.SelectMany(r => r.Appointments).Where(a => a.Status != AppointmentStatus.Booked).ToList();
        var booked = past.Count(a => a.Status != AppointmentStatus.CancelledInAdvance);
        AssertWithin(PopulationTargets.NoShowRate, past.Count(a => a.Status == AppointmentStatus.NoShow) / (double)booked);
        Assert.Contains(past, a => a.Status == AppointmentStatus.CancelledLate);
        Assert.Contains(past, a => a.Status == AppointmentStatus.CancelledInAdvance);
    }

    [Fact]
    public void Thirty_day_readmission_rate_is_within_the_stated_range()
    {
        int discharges = 0, readmitted = 0;
        foreach (var record in sample.Records)
        {
            var stays = record.Encounters.Where(e => e.Class == EncounterClass.Inpatient).ToList();
            foreach (var stay in stays.Where(s => !s.Admission!.Planned && s.Admission.Disposition != DischargeDisposition.Expired))
            {
                discharges++;
                var discharge = DateOnly.FromDateTime(stay.End);
                if (stays.Any(next => !next.Admission!.Planned && DateOnly.FromDateTime(next.Start) is var d && d.DayNumber - discharge.DayNumber is >= 1 and <= 30))
                {
                    readmitted++;
                }
            }
        }
        Assert.True(discharges > 100, $"only {discharges} discharges");
        AssertWithin(PopulationTargets.ReadmissionRate, readmitted / (double)discharges);
    }

    [Fact]
    public void The_markers_quality_measure_labs_need_are_present()
    {
        var encounters = sample.Records.SelectMany(r => r.Encounters).ToList();
        Assert.Contains(encounters, e => e.Type == EncounterTypes.HospiceVisit);
        Assert.Contains(encounters, e => e.Type == EncounterTypes.NursingFacilityVisit);
        Assert.Contains(encounters, e => e.Type == EncounterTypes.PalliativeConsult);
        Assert.Contains(encounters, e => e.Type == EncounterTypes.RemoteMonitoringReview);
        Assert.Contains(encounters, e => e.Class == EncounterClass.Virtual);
        Assert.Contains(encounters, e => e.Class == EncounterClass.HomeHealth && e.Type == EncounterTypes.HomeHealthVisit);
        Assert.Contains(encounters, e => e.Admission is { Planned: true });
        Assert.Contains(encounters, e => e.Admission is { Planned: false, FromEmergencyEncounterId: not null });
        Assert.Contains(encounters, e => e.Admission?.Disposition == DischargeDisposition.Hospice);
        var conditions = sample.Records.SelectMany(r => r.Conditions).Select(c => c.Code.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var code in new[] { "Z51.5", "Z33.1", "N18.6", "Z99.2", "R54", "G30.9", "Z79.4", "E11.65", "I50.9", "J44.9" })
        {
            Assert.Contains(code, conditions);
        }
        Assert.Contains(sample.Records, r => r.RemoteReadings.Any(x => x.Kind == RemoteReadingKind.BloodPressure));
        Assert.Contains(sample.Records, r => r.RemoteReadings.Any(x => x.Kind == RemoteReadingKind.Weight));
        Assert.Contains(sample.Records, r => r.Patient.DeathDate is not null);
        Assert.Contains(sample.Records, r => r.Medications.Any(m => m.Medication.Code == "997223"));
    }

    [Fact]
    public void Some_patients_live_in_small_and_restricted_zip3_areas()
    {
        var zip3s = sample.Records.Select(r => r.Patient.Address.Zip3).ToHashSet(StringComparer.Ordinal);
        Assert.Contains(zip3s, z => SafeHarborZip3.Restricted.Contains(z));
        var small = sample.Generator.Reference.Region.Areas.Where(a => a.ApproximatePopulation <= SafeHarborZip3.PopulationThreshold).Select(a => a.Zip3);
        Assert.Contains(zip3s, z => small.Contains(z));
    }
}
