using Microcred.Clinical.CodeSystems;

namespace Microcred.Clinical.Labs.MedicationReconciliation;

/// <summary>A product from the bundled RxNorm subset with the ingredient and therapeutic class the
/// reconciliation grader reasons with.</summary>
internal sealed record MedicationProduct(string RxCui, string Ingredient, string TherapeuticClass)
{
    public string Name => CodeCatalog.RxNorm(RxCui).Display;
}

/// <summary>How a product is taken, as written on a medication list.</summary>
internal sealed record MedicationOrder(MedicationProduct Product, string Dose, string Frequency, string Indication);

internal static class MedicationCatalog
{
    public static readonly MedicationProduct Amlodipine5 = new("197361", "amlodipine", "calcium channel blocker (dihydropyridine)");
    public static readonly MedicationProduct Donepezil10 = new("997223", "donepezil", "cholinesterase inhibitor");
    public static readonly MedicationProduct Acetaminophen325 = new("313782", "acetaminophen", "non-opioid analgesic");
    public static readonly MedicationProduct Lisinopril10 = new("314076", "lisinopril", "ACE inhibitor");
    public static readonly MedicationProduct Lisinopril20 = new("314077", "lisinopril", "ACE inhibitor");
    public static readonly MedicationProduct Losartan50 = new("979492", "losartan", "angiotensin II receptor blocker");
    public static readonly MedicationProduct Losartan100 = new("979480", "losartan", "angiotensin II receptor blocker");
    public static readonly MedicationProduct Metformin500 = new("861007", "metformin", "biguanide");
    public static readonly MedicationProduct Carvedilol625 = new("200031", "carvedilol", "beta blocker");
    public static readonly MedicationProduct Carvedilol125 = new("200032", "carvedilol", "beta blocker");
    public static readonly MedicationProduct Hydrochlorothiazide25 = new("310798", "hydrochlorothiazide", "thiazide diuretic");
    public static readonly MedicationProduct Canagliflozin100 = new("1373463", "canagliflozin", "SGLT2 inhibitor");
    public static readonly MedicationProduct MetoprololTartrate25 = new("866924", "metoprolol", "beta blocker");
    public static readonly MedicationProduct Furosemide40 = new("313988", "furosemide", "loop diuretic");
    public static readonly MedicationProduct Apixaban5 = new("1364445", "apixaban", "oral anticoagulant");
    public static readonly MedicationProduct Warfarin5 = new("855332", "warfarin", "oral anticoagulant");
    public static readonly MedicationProduct Rosuvastatin10 = new("859747", "rosuvastatin", "HMG-CoA reductase inhibitor (statin)");
    public static readonly MedicationProduct Atorvastatin80 = new("259255", "atorvastatin", "HMG-CoA reductase inhibitor (statin)");
    public static readonly MedicationProduct Lipitor40 = new("617320", "atorvastatin", "HMG-CoA reductase inhibitor (statin)");
    public static readonly MedicationProduct ProAir = new("745752", "albuterol", "short-acting beta-2 agonist");
    public static readonly MedicationProduct Ventolin = new("859088", "albuterol", "short-acting beta-2 agonist");

    public static IReadOnlyList<MedicationProduct> All { get; } =
    [
        Amlodipine5, Donepezil10, Acetaminophen325, Lisinopril10, Lisinopril20, Losartan50, Losartan100, Metformin500,
        Carvedilol625, Carvedilol125, Hydrochlorothiazide25, Canagliflozin100, MetoprololTartrate25, Furosemide40,
        Apixaban5, Warfarin5, Rosuvastatin10, Atorvastatin80, Lipitor40, ProAir, Ventolin,
    ];
}
