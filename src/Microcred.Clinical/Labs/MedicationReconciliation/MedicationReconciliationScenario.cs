using Microcred.Clinical.Population;
using static Microcred.Clinical.Labs.MedicationReconciliation.MedicationCatalog;

namespace Microcred.Clinical.Labs.MedicationReconciliation;

internal enum ReconciliationAction
{
    Continue,
    Stop,
    Change,
    New,
}

/// <summary>A line of the home or discharge list.</summary>
internal sealed record ListedMedication(string Id, MedicationOrder Order);

/// <summary>The right reconciliation of one medication: which home line, which discharge line, what happened.</summary>
internal sealed record ReconciliationDecision(string? HomeId, string? DischargeId, ReconciliationAction Action);

/// <summary>Two discharge lines that duplicate each other's therapy.</summary>
internal sealed record TherapeuticDuplicate(string First, string Second, string Kind);

internal sealed record MedicationReconciliationScenario(
    Patient Patient,
    DateOnly Admitted,
    DateOnly Discharged,
    string Reason,
    IReadOnlyList<ListedMedication> Home,
    IReadOnlyList<ListedMedication> Discharge,
    IReadOnlyList<ReconciliationDecision> Decisions,
    IReadOnlyList<TherapeuticDuplicate> Duplicates)
{
    public ListedMedication? Find(string? id) =>
        id is null ? null : Home.FirstOrDefault(m => m.Id == id) ?? Discharge.FirstOrDefault(m => m.Id == id);
}

/// <summary>Plants the cases a reconciliation must catch: unchanged medications, stopped ones, dose and
/// frequency changes, new ones, and one same-class and one same-ingredient duplicate on the discharge list.</summary>
internal static class MedicationReconciliationPlanner
{
    private const string Daily = "once daily";
    private const string TwiceDaily = "twice daily";

    public static MedicationReconciliationScenario Plan(long seed, string stream)
    {
        var random = LabRandom.For(seed, stream);
        var record = LabPopulation.FirstPatient(seed, r =>
            r.Patient.DeathDate is null && r.Patient.AgeOn(new DateOnly(2025, 6, 1)) is >= 50 and <= 85);
        var planned = new List<(MedicationOrder? Home, MedicationOrder? Discharge, ReconciliationAction Action)>();
        var duplicates = new List<(MedicationOrder A, MedicationOrder B, string Kind)>();

        var continuing = random.Sample<MedicationOrder>(
        [
            new(Amlodipine5, "1 tablet", Daily, "hypertension"),
            new(Donepezil10, "1 tablet", "at bedtime", "Alzheimer's disease"),
            new(Acetaminophen325, "2 tablets", "every 6 hours as needed for pain", "osteoarthritis pain"),
        ], 2);
        planned.AddRange(continuing.Select(o => ((MedicationOrder?)o, (MedicationOrder?)o, ReconciliationAction.Continue)));

        var raasDose = random.Chance(0.5)
            ? (new MedicationOrder(Lisinopril10, "1 tablet", Daily, "hypertension"), new MedicationOrder(Lisinopril20, "1 tablet", Daily, "hypertension"))
            : (new MedicationOrder(Losartan50, "1 tablet", Daily, "hypertension"), new MedicationOrder(Losartan100, "1 tablet", Daily, "hypertension"));
        var changes = random.Sample<(MedicationOrder, MedicationOrder)>(
        [
            raasDose,
            (new(Metformin500, "1 tablet", Daily, "type 2 diabetes"), new(Metformin500, "1 tablet", TwiceDaily, "type 2 diabetes")),
            (new(Carvedilol625, "1 tablet", TwiceDaily, "heart failure"), new(Carvedilol125, "1 tablet", TwiceDaily, "heart failure")),
        ], 2);
        planned.AddRange(changes.Select(c => ((MedicationOrder?)c.Item1, (MedicationOrder?)c.Item2, ReconciliationAction.Change)));
        var onCarvedilol = changes.Any(c => c.Item1.Product == Carvedilol625);

        List<MedicationOrder> stopOptions =
        [
            new(Hydrochlorothiazide25, "1 tablet", Daily, "hypertension"),
            new(Canagliflozin100, "1 tablet", Daily, "type 2 diabetes"),
        ];
        if (!onCarvedilol)
        {
            stopOptions.Add(new(MetoprololTartrate25, "1 tablet", TwiceDaily, "hypertension"));
        }

        planned.AddRange(random.Sample(stopOptions, random.Between(1, 2)).Select(o => ((MedicationOrder?)o, (MedicationOrder?)null, ReconciliationAction.Stop)));

        var classStory = random.Chance(0.5) ? "statin" : "anticoagulant";
        var ingredientStory = classStory == "statin" || random.Chance(0.5) ? "albuterol" : "atorvastatin";
        if (classStory == "statin")
        {
            AddDuplicate(new(Rosuvastatin10, "1 tablet", Daily, "hyperlipidemia"), new(Atorvastatin80, "1 tablet", Daily, "after myocardial infarction"),
                "two statins (same therapeutic class)");
        }
        else
        {
            AddDuplicate(new(Warfarin5, "1 tablet", Daily, "atrial fibrillation"), new(Apixaban5, "1 tablet", TwiceDaily, "atrial fibrillation"),
                "two oral anticoagulants (same therapeutic class)");
        }

        if (ingredientStory == "albuterol")
        {
            AddDuplicate(new(ProAir, "2 puffs", "every 4 hours as needed for wheezing", "asthma"), new(Ventolin, "2 puffs", "every 4 hours as needed for wheezing", "asthma"),
                "albuterol twice under two brand names (same ingredient)");
        }
        else
        {
            AddDuplicate(new(Lipitor40, "1 tablet", Daily, "hyperlipidemia"), new(Atorvastatin80, "1 tablet", Daily, "after myocardial infarction"),
                "atorvastatin as brand and generic (same ingredient)");
        }

        planned.Add((null, new MedicationOrder(Furosemide40, "1 tablet", Daily, "heart failure"), ReconciliationAction.New));

        random.Shuffle(planned);
        var homeOrder = planned.Where(p => p.Home is not null).Select(p => p.Home!).ToList();
        random.Shuffle(homeOrder);
        var dischargeOrder = planned.Where(p => p.Discharge is not null).Select(p => p.Discharge!).ToList();
        random.Shuffle(dischargeOrder);
        var home = homeOrder.Select((o, i) => new ListedMedication("H" + (i + 1), o)).ToList();
        var discharge = dischargeOrder.Select((o, i) => new ListedMedication("D" + (i + 1), o)).ToList();
        string? HomeId(MedicationOrder? o) => o is null ? null : home.First(m => ReferenceEquals(m.Order, o)).Id;
        string? DischargeId(MedicationOrder? o) => o is null ? null : discharge.First(m => ReferenceEquals(m.Order, o)).Id;

        var decisions = planned.Select(p => new ReconciliationDecision(HomeId(p.Home), DischargeId(p.Discharge), p.Action)).ToList();
        var duplicatePairs = duplicates.Select(d => new TherapeuticDuplicate(DischargeId(d.A)!, DischargeId(d.B)!, d.Kind)).ToList();
        var admitted = new DateOnly(2025, 3, 1).AddDays(random.Between(0, 240));
        var reason = classStory == "statin" ? "non-ST elevation myocardial infarction" : "heart failure exacerbation";
        return new MedicationReconciliationScenario(record.Patient, admitted, admitted.AddDays(random.Between(3, 6)), reason, home, discharge, decisions, duplicatePairs);

        void AddDuplicate(MedicationOrder fromHome, MedicationOrder added, string kind)
        {
            planned.Add((fromHome, fromHome, ReconciliationAction.Continue));
            planned.Add((null, added, ReconciliationAction.New));
            duplicates.Add((fromHome, added, kind));
        }
    }
}
