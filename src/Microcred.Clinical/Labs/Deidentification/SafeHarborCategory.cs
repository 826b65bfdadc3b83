namespace Microcred.Clinical.Labs.Deidentification;

/// <summary>The eighteen identifier categories of 45 CFR 164.514(b)(2)(i), in the rule's order.</summary>
internal enum SafeHarborCategory
{
    Name = 1,
    Geography,
    Date,
    Telephone,
    Fax,
    Email,
    SocialSecurityNumber,
    MedicalRecordNumber,
    HealthPlanNumber,
    AccountNumber,
    LicenseNumber,
    VehicleIdentifier,
    DeviceIdentifier,
    Url,
    IpAddress,
    Biometric,
    Photograph,
    OtherUniqueCode,
}

internal static class SafeHarborCategories
{
    public static string Describe(this SafeHarborCategory category) => category switch
    {
        SafeHarborCategory.Name => "name",
        SafeHarborCategory.Geography => "geographic subdivision smaller than a state",
        SafeHarborCategory.Date => "date element or age over 89",
        SafeHarborCategory.Telephone => "telephone number",
        SafeHarborCategory.Fax => "fax number",
        SafeHarborCategory.Email => "e-mail address",
        SafeHarborCategory.SocialSecurityNumber => "social security number",
        SafeHarborCategory.MedicalRecordNumber => "medical record number",
        SafeHarborCategory.HealthPlanNumber => "health plan beneficiary number",
        SafeHarborCategory.AccountNumber => "account number",
        SafeHarborCategory.LicenseNumber => "certificate or licence number",
        SafeHarborCategory.VehicleIdentifier => "vehicle identifier or plate",
        SafeHarborCategory.DeviceIdentifier => "device identifier or serial number",
        SafeHarborCategory.Url => "URL",
        SafeHarborCategory.IpAddress => "IP address",
        SafeHarborCategory.Biometric => "biometric identifier",
        SafeHarborCategory.Photograph => "full-face photograph or comparable image",
        _ => "other unique identifying number or code",
    };

    /// <summary>The word a redacted identifier of this category is replaced with, inside brackets.</summary>
    public static string Placeholder(this SafeHarborCategory category) => category switch
    {
        SafeHarborCategory.Name => "NAME",
        SafeHarborCategory.Geography => "LOCATION",
        SafeHarborCategory.Date => "DATE",
        SafeHarborCategory.Telephone => "PHONE",
        SafeHarborCategory.Fax => "FAX",
        SafeHarborCategory.Email => "EMAIL",
        SafeHarborCategory.SocialSecurityNumber => "SSN",
        SafeHarborCategory.MedicalRecordNumber => "MRN",
        SafeHarborCategory.HealthPlanNumber => "PLAN ID",
        SafeHarborCategory.AccountNumber => "ACCOUNT",
        SafeHarborCategory.LicenseNumber => "LICENCE",
        SafeHarborCategory.VehicleIdentifier => "PLATE",
        SafeHarborCategory.DeviceIdentifier => "DEVICE",
        SafeHarborCategory.Url => "URL",
        SafeHarborCategory.IpAddress => "IP ADDRESS",
        SafeHarborCategory.Biometric => "BIOMETRIC",
        SafeHarborCategory.Photograph => "PHOTO",
        _ => "ID",
    };
}
