namespace PolicyBot.Core.Facts;

/// <summary>The kinds of figure or name that make a sentence a key fact, most informative first.</summary>
public enum FactKind
{
    /// <summary>A sum of money: "$8 billion", "£600m", "US$3m", "8 billion dollars".</summary>
    Amount,

    /// <summary>A percentage or a proportion: "27%", "6.4 per cent", "over half", "one in five".</summary>
    Percentage,

    /// <summary>A number of things: "3,000 jobs", "three years", and streaks such as "eighth consecutive month".</summary>
    Count,

    /// <summary>A date or period: "February 7", "December last year", "2025", "the fourth quarter", "Monday".</summary>
    Date,

    /// <summary>A country, region, state or city: "Canada", "the EU", "Nevada".</summary>
    Place,

    /// <summary>A named organisation: "Contemporary Amperex Technology Co., Ltd.", "Chatham House Institute", "CATL".</summary>
    Organisation,
}
