using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs.Coding;

/// <summary>One outpatient encounter to code. <see cref="Diagnoses"/> is in reporting order (first-listed
/// first); <see cref="Hcpcs"/> lists the HCPCS Level II codes the note supports. The note uses
/// <c>{name}</c> and <c>{age}</c> placeholders filled per scenario.</summary>
internal sealed record CodingVignette(string Key, string Setting, AdministrativeSex Sex, int Age, string Note, IReadOnlyList<string> Diagnoses, IReadOnlyList<string> Hcpcs);

/// <summary>The pool of vignettes a coding scenario draws ten from. Every code is in the bundled
/// ICD-10-CM and HCPCS subsets (a test checks), so displays come from the code-system files.</summary>
internal static class CodingVignettes
{
    public static IReadOnlyList<CodingVignette> All { get; } =
    [
        new("dm-hyperglycemia", "Primary care office visit", AdministrativeSex.Female, 58,
            "{name}, {age}, returns for type 2 diabetes. Home glucose readings 250–320 mg/dL for two weeks after she ran out " +
            "of insulin glargine for five days. HbA1c today 9.8 %. Takes insulin glargine 24 units at bedtime and insulin " +
            "lispro with meals; no oral agents. No ketones, no signs of dehydration. Assessment: type 2 diabetes mellitus " +
            "with hyperglycemia; long-term insulin use. Plan: resume glargine, titrate by 2 units every 3 days, refills sent, return in 4 weeks.",
            ["E11.65", "Z79.4"], []),
        new("htn-heart-failure", "Cardiology office visit", AdministrativeSex.Male, 71,
            "{name}, {age}, hypertension for 20 years. Echocardiogram last month: left ventricular ejection fraction 30 %. " +
            "Assessment: chronic systolic heart failure due to hypertension, NYHA class II, euvolemic today; BP 136/82. " +
            "Plan: continue carvedilol, sacubitril-valsartan and furosemide; basic metabolic panel in 2 weeks.",
            ["I11.0", "I50.22"], []),
        new("htn-ckd", "Primary care office visit", AdministrativeSex.Female, 66,
            "{name}, {age}, chronic-care visit. Long-standing hypertension, BP 142/88 today. Creatinine 1.3 mg/dL, eGFR 52 " +
            "mL/min/1.73 m², stable for over a year. No diabetes. Assessment: hypertension; chronic kidney disease stage 3a. " +
            "Plan: continue lisinopril 20 mg daily, recheck renal function in 6 months.",
            ["I12.9", "N18.31"], []),
        new("copd-exacerbation", "Urgent care visit", AdministrativeSex.Male, 63,
            "{name}, {age}, three days of worsening shortness of breath and cough with more sputum than usual. Known COPD. " +
            "Smokes one pack of cigarettes a day (40 pack-years); declines cessation help today. SpO2 89 % on room air, 93 % " +
            "after a nebulized bronchodilator. Chest X-ray: no infiltrate. Assessment: COPD with acute exacerbation; nicotine " +
            "dependence, cigarettes. Plan: prednisone 40 mg daily for 5 days, follow-up in one week.",
            ["J44.1", "F17.210"], []),
        new("strep-pharyngitis", "Primary care office visit", AdministrativeSex.Female, 24,
            "{name}, {age}, sore throat and fever for two days, tonsillar exudate, tender anterior cervical nodes, no cough. " +
            "Rapid streptococcal antigen test positive. Assessment: streptococcal pharyngitis. She prefers one injection to ten " +
            "days of tablets: penicillin G benzathine 1,200,000 units given IM in clinic; observed 15 minutes without reaction.",
            ["J02.0"], ["J0561"]),
        new("pneumococcal-vaccine", "Nurse visit (Medicare patient)", AdministrativeSex.Male, 67,
            "{name}, {age}, here only for vaccination. Records reviewed: no prior pneumococcal vaccine. Pneumococcal conjugate " +
            "vaccine given IM in the left deltoid; vaccine information statement provided. No other problem addressed.",
            ["Z23"], ["G0009"]),
        new("ankle-sprain", "Urgent care visit", AdministrativeSex.Male, 19,
            "{name}, {age}, rolled his right ankle inward playing basketball yesterday. Swelling and tenderness over the lateral " +
            "ankle; Ottawa ankle rules negative, no imaging. Assessment: sprain of the right ankle, initial encounter; the " +
            "ligament is not specified. Plan: rest, ice, compression, elevation, ibuprofen, lace-up brace.",
            ["S93.401A"], []),
        new("uti-ecoli", "Primary care office visit", AdministrativeSex.Female, 45,
            "{name}, {age}, dysuria and urinary frequency for three days, no flank pain, afebrile. Urine culture from two days " +
            "ago grew more than 100,000 CFU/mL Escherichia coli. She vomited her oral antibiotic twice. Assessment: urinary tract " +
            "infection due to E. coli. Ceftriaxone 1 g IM given in clinic; oral agent per sensitivities from tomorrow.",
            ["N39.0", "B96.20"], ["J0696"]),
        new("depression-anxiety", "Behavioral health follow-up", AdministrativeSex.Female, 38,
            "{name}, {age}, follow-up for major depressive disorder, recurrent (third episode since age 25), the reason for " +
            "today's visit. PHQ-9 today 14 (moderate). Also generalized anxiety disorder, GAD-7 11. Assessment: major " +
            "depressive disorder, recurrent, moderate; generalized anxiety disorder. Plan: increase sertraline to 100 mg daily.",
            ["F33.1", "F41.1"], []),
        new("annual-wellness", "Medicare annual wellness visit", AdministrativeSex.Female, 72,
            "{name}, {age}, Medicare annual wellness visit, subsequent (her initial one was last year). Health risk assessment " +
            "reviewed, personalized prevention plan updated, cognitive screen normal. No new problems found and no " +
            "problem-oriented service today.",
            ["Z00.00"], ["G0439"]),
        new("gastroenteritis", "Emergency department visit", AdministrativeSex.Male, 29,
            "{name}, {age}, vomiting and watery diarrhea for 24 hours; a household contact had the same illness. Dry mucous " +
            "membranes, heart rate 108, orthostatic. Assessment: viral gastroenteritis with dehydration. Ondansetron 4 mg IV " +
            "and 1 L normal saline given; tolerating oral fluids at discharge.",
            ["A08.4", "E86.0"], ["J2405"]),
        new("afib-anticoagulant", "Primary care office visit", AdministrativeSex.Male, 76,
            "{name}, {age}, paroxysmal atrial fibrillation diagnosed two years ago, in sinus rhythm today. Takes apixaban 5 mg " +
            "twice daily for stroke prevention; no bleeding. Assessment: paroxysmal atrial fibrillation; long-term (current) " +
            "use of anticoagulant. Plan: continue apixaban, renal function in 6 months.",
            ["I48.0", "Z79.01"], []),
    ];
}
