namespace Microcred.Clinical.Population;

/// <summary>
/// Name and street lists composed for this project. Combinations are random; any resemblance of a
/// generated person to a real one is coincidence, and every record is tagged synthetic.
/// </summary>
internal static class SyntheticNames
{
    public static readonly string[] FemaleGiven =
    [
        "Ada", "Alma", "Amara", "Anneliese", "Ariana", "Beatrix", "Bianca", "Briony", "Calla", "Carmen",
        "Celia", "Clara", "Daphne", "Delia", "Edith", "Elena", "Elise", "Esme", "Fatima", "Fern",
        "Freya", "Gemma", "Greta", "Hazel", "Helena", "Ines", "Iris", "Isla", "Jada", "Jolene",
        "June", "Kaia", "Keiko", "Lena", "Lila", "Lucia", "Mabel", "Maren", "Marisol", "Maya",
        "Mina", "Nadia", "Nell", "Noor", "Octavia", "Opal", "Paloma", "Pearl", "Priya", "Rosa",
        "Ruth", "Sabine", "Selma", "Sigrid", "Talia", "Thea", "Una", "Vera", "Wren", "Yara",
    ];

    public static readonly string[] MaleGiven =
    [
        "Abel", "Ansel", "Arlo", "Bastian", "Bram", "Callum", "Cyrus", "Dario", "Desmond", "Eamon",
        "Elio", "Emil", "Ezra", "Felix", "Florian", "Gideon", "Gus", "Hal", "Hugo", "Idris",
        "Ignatius", "Ivo", "Jasper", "Joaquin", "Jonah", "Kai", "Kenji", "Lars", "Leon", "Linus",
        "Malik", "Marcel", "Milo", "Nico", "Nils", "Orion", "Osric", "Pablo", "Quentin", "Rafael",
        "Ravi", "Rhys", "Rowan", "Santiago", "Silas", "Soren", "Tariq", "Teodor", "Thaddeus", "Tobias",
        "Ulric", "Vance", "Viktor", "Wendell", "Xavier", "Yusuf", "Zane", "Anders", "Bruno", "Cormac",
    ];

    public static readonly string[] Family =
    [
        "Abernathy", "Alcott", "Ashdown", "Bellweather", "Birchall", "Blackwood", "Brightwater", "Caldera", "Carrow", "Castellan",
        "Cobbledick", "Coldbrook", "Dunmore", "Eastwick", "Elderberry", "Fairweather", "Fenwick", "Foxhollow", "Galloway", "Glenwood",
        "Goldthwaite", "Greyson", "Hallowell", "Hartwell", "Hawthorne", "Holloway", "Ironside", "Ivers", "Juniper", "Kettering",
        "Kingsley", "Lachance", "Larkspur", "Lindqvist", "Lockhart", "Marchetti", "Meadowcroft", "Merriweather", "Moncrieff", "Northcott",
        "Oakenfold", "Okonkwo-Reyes", "Pemberton", "Penhallow", "Quillfeather", "Ravensworth", "Redfern", "Rookwood", "Saltmarsh", "Silverton",
        "Snowden", "Sorensen-Vale", "Stonebridge", "Summerhill", "Tamarind", "Thistlewood", "Thornbury", "Underhill", "Valdivia", "Vantongeren",
        "Wainwright", "Westbrook", "Whitlock", "Wildermuth", "Winterbourne", "Wolfenden", "Yarborough", "Zelinski-Hart", "Ashcombe", "Brambleton",
        "Cresswell", "Dovecote", "Everhart", "Fallowfield", "Gracewood", "Heathcote", "Inglewood", "Jessamine", "Kestrel", "Lowenthal",
    ];

    public static readonly string[] StreetNames =
    [
        "Amberleaf", "Birchknoll", "Bramblewood", "Cedarfall", "Clovermead", "Copperbeech", "Dappled Elm", "Driftstone", "Elmhollow", "Fernbrook",
        "Fieldlark", "Foxglove", "Glimmerpine", "Hawkridge", "Hollyberry", "Juniper Hill", "Kettlepond", "Lanternfly", "Larchmere", "Maplecrest",
        "Meadowsweet", "Mossbank", "Nettlecombe", "Oakhaven", "Old Quarry", "Pebblebrook", "Quillwater", "Ravenglass", "Rushmere", "Saddleback",
        "Silverbirch", "Skylark", "Stillwater", "Thornapple", "Tidewell", "Umberfield", "Willowmere", "Windrush", "Wrenfield", "Yarrowdale",
    ];

    public static readonly string[] StreetSuffixes = ["Road", "Lane", "Street", "Avenue", "Drive", "Way", "Court", "Terrace"];

    public static readonly string[] ClinicStems = ["Family Health", "Community Health Center", "Primary Care", "Family Practice", "Health Partners"];
}
