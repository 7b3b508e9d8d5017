using System.Text.RegularExpressions;
using PolicyBot.Core.Articles;

namespace PolicyBot.Core.Facts;

/// <summary>
/// Finds the figures and names of one sentence with regular expressions and two small word lists.
/// </summary>
/// <remarks>
/// Decisions, so that a reader of <c>/facts</c> sees real figures and not every number-like word:
/// <list type="bullet">
/// <item>Amounts need a currency (symbol, ISO code or word): "$8 billion", "US$3m", "£600m", "8 billion dollars", "RMB 5 million".</item>
/// <item>Percentages: "27%", "6.4 per cent", "ten percent", and proportions of a group ("over half of", "two-thirds of",
/// "one in five") — a proportion is a figure even when written in words. "The second half of 2025" is a date, not a share.</item>
/// <item>Counts need a number followed by a plural noun, with at most two modifiers between ("3,000 high-paying union jobs",
/// "three years", "hundreds of workers"), or a scaled number ("2 million"). "One" never starts a count ("one reason",
/// "one seeks"), "a certain number" is not a figure, and a bare four-digit year is a date, never a count.
/// A streak ("eighth consecutive month", "third straight year") is counted as a count: it says how many in a row.</item>
/// <item>Dates: day and month ("February 7"), month with a year or "this/last/next year", bare month names (May only
/// after "in", "by", "since"…), weekdays, years 1800–2099, quarters ("Q4", "the fourth quarter"), periods of a year
/// ("the last three months of 2025"), "this year", "last month" and "three years ago". Vague times ("a few days ago", "today", "now") are not dates.</item>
/// <item>Places: a built-in list of countries, regions, US states and large cities, plus a capitalised name after
/// "in/at/from/near/across/into/within" when the next word ends the phrase ("in Nevada.", "in Ohio and"), so that
/// "in Ford models" or "in Chinese cars" are not places. "To" is not used: it precedes people and companies as
/// often as places. The EU, "European Union" and UN-style regions count as places (regions), not organisations.</item>
/// <item>Organisations: capitalised multi-word names ending in Co./Ltd./Inc./Corp./Group/Institute/Bank/Ministry/
/// Commission/Union/House… ("Contemporary Amperex Technology Co., Ltd."), "Ministry of Commerce"-style names,
/// and acronyms of 2–6 capitals ("CATL", "BYD", "USMCA") other than common non-names (EV, CEO, GDP, AI…).
/// Leading determiners and sentence-initial function words ("The", "However") are not part of a name.</item>
/// </list>
/// When matches overlap, amounts and percentages win; otherwise the longer match wins ("the last three months of 2025"
/// is one date, not a count and a year), and on equal length the earlier kind in <see cref="FactKind"/>.
/// </remarks>
internal static partial class FactRecognizer
{
    private const string Num = @"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?";
    private const string Scale = @"(?:hundred|thousand|million|billion|trillion)";
    private const string NumberWord = @"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?";
    private const string FunctionWord = @"(?:the|a|an|of|in|on|at|to|for|from|by|with|and|or|but|than|that|which|who|as|is|was|were|are|be|been|being|has|have|had|will|would|could|can|may|might|should|must|its|their|his|her|our|this|these|those|per|into|over|under|about|after|before|since|more|less|not|no|so|if|then|when|while|percent|cent|hundred|thousand|million|billion|trillion)";
    private const string Modifier = @"(?!" + FunctionWord + @"\b)[a-z]+(?:-[a-z]+)*";
    private const string Plural = @"(?:(?!(?:was|has|does|its|his|this|thus|plus|yes|news|series|species|whereas|perhaps|always|besides|sometimes|towards|afterwards|says|goes|means|makes|takes|gets|seeks)\b)[a-z][a-z-]*[a-z-[siu]]s|people|children|men|women|staff|personnel|cattle|police|livestock)\b";
    private const string Month = @"(?:January|February|March|April|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)";
    private const string YearRef = @"(?:\d{4}|(?:the|this|last|next)\s+year)";
    private const string Currency = @"(?:dollars|euros|pounds(?:\s+sterling)?|yuan|renminbi|yen|rupees|francs|roubles|rubles|pesos|ringgit|baht|dirhams|USD|EUR|GBP|CNY|RMB|JPY|CAD|AUD|HKD|CHF|INR)";
    private const string CurrencyCode = @"(?:USD|EUR|GBP|CNY|RMB|JPY|CAD|AUD|HKD|CHF|INR)";

    // Amounts.
    [GeneratedRegex(@"(?<![\w$£€¥₹])(?:(?:US|USD|C|CA|A|AU|HK|NZ|S|NT)\$|\$|£|€|¥|₹|₩)\s?" + Num + @"(?:\s?(?:" + Scale + @"|bn|tn|mn|m|k|b)\b)?")]
    private static partial Regex SymbolAmount();

    [GeneratedRegex(@"\b" + CurrencyCode + @"\s?" + Num + @"(?:\s?(?:" + Scale + @"|bn|tn|mn|m|k)\b)?")]
    private static partial Regex CodeAmount();

    [GeneratedRegex(@"(?<![\w.,$£€¥₹-])(?:" + Num + @"|(?i:(?:" + NumberWord + @"|one|a)\b))(?:[\s-]" + Scale + @"s?){0,2}\s+(?:(?:US|U\.S\.|Canadian|Australian|Hong\s+Kong|Singapore|New\s+Zealand|Taiwan)\s+)?" + Currency + @"\b")]
    private static partial Regex WordAmount();

    // Percentages and proportions.
    [GeneratedRegex(@"(?<![\w.,])" + Num + @"\s?(?:%|(?:per\s?cent|percent|percentage\s+points?|pct)\b)")]
    private static partial Regex NumberPercent();

    [GeneratedRegex(@"(?i:\b(?:" + NumberWord + @"|one|a\s+few)\s+(?:per\s?cent|percent|percentage\s+points?)\b)")]
    private static partial Regex WordPercent();

    [GeneratedRegex(@"(?i:\b(?:(?:just\s+)?(?:over|under|more\s+than|less\s+than|fewer\s+than|nearly|almost|about|around|roughly|some|at\s+least|close\s+to)\s+)?(?<!\b(?:first|second|latter|former|other|the)\s)(?:half|two-thirds|three-quarters|(?:a|one|two|three|four)[\s-](?:thirds?|quarters?|fifths?|tenths?))(?=\s+of\b)(?!\s+of\s+(?:\d{4}|the\s+(?:year|decade|century|season|month)|this|last|next|that)\b))")]
    private static partial Regex Proportion();

    [GeneratedRegex(@"(?i:\b(?:one|two|three|four|\d+)\s+(?:in|out\s+of)\s+(?:every\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b(?!\s+(?:days?|weeks?|months?|years?)\b))")]
    private static partial Regex OneInN();

    // Counts.
    [GeneratedRegex(@"(?<![\w.,$£€¥₹/-])(?!(?:1[89]|20)\d{2}(?!\d|,\d))" + Num + @"(?:\s+" + Scale + @")?(?:\s+" + Modifier + @"){0,2}?\s+" + Plural)]
    private static partial Regex DigitCount();

    [GeneratedRegex(@"(?<![\w-])(?i:" + NumberWord + @"|dozens|hundreds|thousands|millions|billions|a\s+dozen|a\s+hundred|a\s+thousand)(?:\s+" + Scale + @")?(?:\s+of)?(?:\s+" + Modifier + @"){0,2}?\s+" + Plural)]
    private static partial Regex WordCount();

    [GeneratedRegex(@"(?<![\w.,$£€¥₹/-])" + Num + @"\s+(?:million|billion|trillion)\b")]
    private static partial Regex ScaledNumber();

    [GeneratedRegex(@"(?i:\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d+(?:st|nd|rd|th))\s+(?:consecutive|straight|successive|running)\s+(?:days?|weeks?|months?|quarters?|years?|sessions?|times?|terms?)\b)")]
    private static partial Regex Streak();

    // Dates.
    [GeneratedRegex(@"\b(?:" + Month + @"|May)\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?")]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + Month + @"|May\b)(?:,?\s+\d{4}\b)?")]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"\b(?:" + Month + @"|May)\s+(?i:" + YearRef + @")\b")]
    private static partial Regex MonthYear();

    [GeneratedRegex(@"\b(?:January|February|March|April|June|July|August|September|October|November|December)\b|(?<=\b(?:in|since|until|by|from|of|early|late|last|next|this|through|during)\s)May\b")]
    private static partial Regex BareMonth();

    [GeneratedRegex(@"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b")]
    private static partial Regex Weekday();

    [GeneratedRegex(@"(?<![\w$£€¥₹.,/])(?:1[89]\d{2}|20\d{2})s?(?![\w%]|[.,]\d)|\b\d{4}-\d{2}-\d{2}\b|\bFY\s?\d{2}(?:\d{2})?\b")]
    private static partial Regex Year();

    [GeneratedRegex(@"\b(?:Q[1-4]|H[12])(?:\s+\d{4}\b|\s?'\d{2}\b)?\b|(?i:\b(?:the\s+)?(?:first|second|third|fourth|final|last)\s+quarter\b(?:\s+of\s+" + YearRef + @"\b)?)|(?i:\b(?:the\s+)?(?:first|second)\s+half\s+of\s+" + YearRef + @"\b)")]
    private static partial Regex QuarterOrHalf();

    [GeneratedRegex(@"(?i:\b(?:the\s+)?(?:first|last|past|final|next|previous|coming|remaining)\s+(?:(?:few|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)\s+)?(?:days|weeks|months|quarters|years)\s+of\s+" + YearRef + @"\b)")]
    private static partial Regex PeriodOfYear();

    [GeneratedRegex(@"(?i:\b(?:this|last|next)\s+(?:year|month|week|quarter|spring|summer|autumn|winter)\b|\b(?:" + NumberWord + @"|one|a|an|\d+)\s+(?:days?|weeks?|months?|years?|decades?)\s+ago\b)")]
    private static partial Regex RelativeDate();

    // Organisations.
    private const string NameToken = @"(?:[A-Z][A-Za-z&'’-]*)";
    private const string OrgSuffix = @"(?:Co\.,?\s*Ltd\.?|Co\.|Ltd\.?|Inc\.?|Corp\.?|(?:Corporation|Company|Plc|PLC|LLC|AG|GmbH|Group|Holdings|Institute|Bank|Ministry|Commission|Union|House|Agency|Association|Council|Department|Authority|University|Fund|Foundation|Organi[sz]ation|Party|Board|Bureau|Office|Federation|Committee|Motors|Airlines|Reserve|Parliament|Congress|Senate|Court)\b)";

    [GeneratedRegex(@"\b" + NameToken + @"(?:\s+" + NameToken + @"){0,5}\s+" + OrgSuffix)]
    private static partial Regex SuffixOrganisation();

    [GeneratedRegex(@"\b(?:" + NameToken + @"\s+){0,4}(?:Ministry|Department|Bank|Commission|Institute|University|Bureau|Office|Council|Federation|Organi[sz]ation|Association|Fund|Court|Committee|Agency|Board)\s+(?:of|for|on)\s+(?:the\s+)?[A-Z][A-Za-z&-]*(?:\s+(?:and\s+|of\s+|for\s+)?[A-Z][A-Za-z&-]*){0,4}")]
    private static partial Regex OfOrganisation();

    [GeneratedRegex(@"(?<![\w&.$-])[A-Z][A-Z&]{1,5}(?![\w&$]|\.[A-Za-z])")]
    private static partial Regex Acronym();

    // Places.
    [GeneratedRegex(@"\b(?:in|at|from|near|across|throughout|outside|inside|into|within)\s+(?:the\s+)?(?<name>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){0,2})")]
    private static partial Regex PrepositionPlace();

    [GeneratedRegex(@"^(?:'s|’s)|^\s*(?:[.,;:!?)\]""”’]|$)|^\s+(?:and|or|but|on|in|at|for|with|by|to|from|of|last|this|next|since|after|before|during|where|which|that|who|is|was|has|had|have|are|were|said|says|will|would|could|may|might|can|as|when|while|the|a|an|earlier|later|also|now)\b")]
    private static partial Regex PlaceEnd();

    private static readonly string[] KnownPlaces =
    [
        // Countries and regions.
        "Afghanistan", "Africa", "Algeria", "Argentina", "Asia", "Asia-Pacific", "Australia", "Austria", "Bangladesh", "Belgium",
        "Brazil", "Britain", "Bulgaria", "Cambodia", "Canada", "Caribbean", "Chile", "China", "Colombia", "Croatia", "Cuba",
        "Czech Republic", "Denmark", "Egypt", "England", "Ethiopia", "EU", "Europe", "European Union", "Finland", "France",
        "Germany", "Ghana", "Great Britain", "Greece", "Hong Kong", "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq",
        "Ireland", "Israel", "Italy", "Japan", "Kazakhstan", "Kenya", "Korea", "Kuwait", "Latin America", "Laos", "Lebanon",
        "Libya", "Macau", "Malaysia", "Mexico", "Middle East", "Mongolia", "Morocco", "Myanmar", "Netherlands", "New Zealand",
        "Nigeria", "North America", "North Korea", "Norway", "Pakistan", "Palestine", "Peru", "Philippines", "Poland", "Portugal",
        "Qatar", "Romania", "Russia", "Saudi Arabia", "Scotland", "Serbia", "Singapore", "Slovakia", "South Africa",
        "South America", "South Korea", "Southeast Asia", "Spain", "Sri Lanka", "Sweden", "Switzerland", "Syria", "Taiwan",
        "Thailand", "Turkey", "Ukraine", "UAE", "UK", "U.K.", "United Arab Emirates", "United Kingdom", "United States",
        "US", "U.S.", "USA", "U.S.A.", "Venezuela", "Vietnam", "Wales", "Yemen", "Zimbabwe",

        // US states.
        "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida", "Georgia",
        "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
        "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
        "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
        "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
        "West Virginia", "Wisconsin", "Wyoming",

        // Cities.
        "Amsterdam", "Bangkok", "Beijing", "Berlin", "Brussels", "Chicago", "Chongqing", "Delhi", "Detroit", "Dubai", "Geneva",
        "Guangzhou", "Hangzhou", "Houston", "Istanbul", "Jakarta", "Los Angeles", "London", "Madrid", "Manila", "Melbourne",
        "Mexico City", "Montreal", "Moscow", "Mumbai", "New Delhi", "Ottawa", "Paris", "Rome", "San Francisco", "Seoul",
        "Shanghai", "Shenzhen", "Silicon Valley", "Sydney", "Tokyo", "Toronto", "Vancouver", "Vienna", "Wuhan",
    ];

    private static readonly Regex KnownPlace = new(
        @"(?<![\w.])(?:" + string.Join('|', KnownPlaces.OrderByDescending(p => p.Length).Select(Regex.Escape)) + @")(?!\w)",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>Capitalised words that are never (the start of) a name on their own.</summary>
    private static readonly HashSet<string> NotNames = new(StringComparer.Ordinal)
    {
        "The", "A", "An", "This", "That", "These", "Those", "Its", "It", "Their", "They", "His", "He", "Her", "She", "Our", "We",
        "My", "Your", "You", "In", "On", "At", "For", "From", "By", "With", "As", "But", "And", "Or", "If", "When", "While",
        "After", "Before", "Since", "Despite", "Although", "However", "Meanwhile", "Both", "Each", "Every", "Some", "Many",
        "Most", "All", "Other", "Another", "Such", "Said", "According", "Data", "Why", "What", "How", "Who", "Where", "Which",
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Prime", "Minister",
        "President", "Mr", "Mrs", "Ms", "Dr",
    };

    /// <summary>Runs of capitals that are words or units, not organisations (or are places, found by the list).</summary>
    private static readonly HashSet<string> NotOrganisations = new(StringComparer.Ordinal)
    {
        "EV", "NEV", "SUV", "CEO", "CFO", "CTO", "COO", "GDP", "GNP", "CPI", "PMI", "AI", "OK", "TV", "PM", "AM", "ID", "PR",
        "HR", "IPO", "VAT", "GMT", "UTC", "FY", "KPI", "PC", "USB", "LNG", "GW", "MW", "GWH", "KWH", "MWH", "COVID", "R&D",
        "IT", "DNA", "FAQ", "PDF", "CO", "NOT", "AND", "THE", "US", "UK", "EU", "UAE", "USA", "II", "III", "IV", "VI", "VII",
        "VIII", "IX", "XI", "XII", "USD", "EUR", "GBP", "CNY", "RMB", "JPY", "CAD", "AUD", "HKD", "CHF", "INR",
    };

    private static readonly (Func<Regex> Pattern, FactKind Kind)[] Patterns =
    [
        (SymbolAmount, FactKind.Amount), (CodeAmount, FactKind.Amount), (WordAmount, FactKind.Amount),
        (NumberPercent, FactKind.Percentage), (WordPercent, FactKind.Percentage), (Proportion, FactKind.Percentage), (OneInN, FactKind.Percentage),
        (DigitCount, FactKind.Count), (WordCount, FactKind.Count), (ScaledNumber, FactKind.Count), (Streak, FactKind.Count),
        (MonthDay, FactKind.Date), (DayMonth, FactKind.Date), (MonthYear, FactKind.Date), (BareMonth, FactKind.Date), (Weekday, FactKind.Date),
        (Year, FactKind.Date), (QuarterOrHalf, FactKind.Date), (PeriodOfYear, FactKind.Date), (RelativeDate, FactKind.Date),
        (() => KnownPlace, FactKind.Place),
    ];

    /// <summary>The mentions in <paramref name="sentence"/>, in reading order, with spans shifted by <paramref name="offset"/> (the sentence's start in the body).</summary>
    internal static IReadOnlyList<FactMention> Recognise(string sentence, int offset)
    {
        var candidates = new List<(FactKind Kind, int Start, int Length)>();
        foreach (var (pattern, kind) in Patterns)
        {
            foreach (Match m in pattern().Matches(sentence))
            {
                candidates.Add((kind, m.Index, m.Length));
            }
        }

        AddOrganisations(sentence, candidates);
        AddPrepositionPlaces(sentence, candidates);

        var accepted = new List<(FactKind Kind, int Start, int Length)>();
        foreach (var c in candidates
            .OrderBy(c => c.Kind is FactKind.Amount or FactKind.Percentage ? 0 : 1)
            .ThenByDescending(c => c.Length)
            .ThenBy(c => c.Kind)
            .ThenBy(c => c.Start))
        {
            if (!accepted.Any(a => c.Start < a.Start + a.Length && a.Start < c.Start + c.Length))
            {
                accepted.Add(c);
            }
        }

        return accepted
            .OrderBy(a => a.Start)
            .Select(a => new FactMention(a.Kind, sentence.Substring(a.Start, a.Length), new TextSpan(offset + a.Start, a.Length)))
            .ToList();
    }

    private static void AddOrganisations(string sentence, List<(FactKind Kind, int Start, int Length)> candidates)
    {
        foreach (var m in SuffixOrganisation().Matches(sentence).Concat(OfOrganisation().Matches(sentence)))
        {
            // Drop leading determiners and function words ("The Boston Consulting Group", "However Bank…"); a suffix alone is no name.
            int start = m.Index;
            int end = m.Index + m.Length;
            while (start < end)
            {
                int space = sentence.IndexOf(' ', start, end - start);
                if (space < 0 || !NotNames.Contains(sentence[start..space]))
                {
                    break;
                }

                start = space + 1;
            }

            string name = sentence[start..end];
            if (name.Contains(' ', StringComparison.Ordinal) && !OrgSuffixOnly().IsMatch(name))
            {
                candidates.Add((FactKind.Organisation, start, end - start));
            }
        }

        if (MostlyCapitals(sentence))
        {
            return; // A shouted headline: its words are not acronyms.
        }

        foreach (Match m in Acronym().Matches(sentence))
        {
            if (!NotOrganisations.Contains(m.Value) && !RomanNumeral().IsMatch(m.Value))
            {
                candidates.Add((FactKind.Organisation, m.Index, m.Length));
            }
        }
    }

    [GeneratedRegex(@"^" + OrgSuffix + @"$")]
    private static partial Regex OrgSuffixOnly();

    [GeneratedRegex(@"^[IVXLCDM]+$")]
    private static partial Regex RomanNumeral();

    private static void AddPrepositionPlaces(string sentence, List<(FactKind Kind, int Start, int Length)> candidates)
    {
        foreach (Match m in PrepositionPlace().Matches(sentence))
        {
            var name = m.Groups["name"];
            var tokens = name.Value.Split(' ', '-');
            if (tokens.Any(NotNames.Contains) || IsDemonym(tokens[^1]) || !PlaceEnd().IsMatch(sentence[(name.Index + name.Length)..]))
            {
                continue;
            }

            candidates.Add((FactKind.Place, name.Index, name.Length));
        }
    }

    /// <summary>"Chinese", "Canadian", "British", "European", "American": adjectives of places, not places.</summary>
    private static bool IsDemonym(string word) =>
        word.EndsWith("ese", StringComparison.Ordinal) || word.EndsWith("ian", StringComparison.Ordinal)
        || word.EndsWith("ish", StringComparison.Ordinal) || word.EndsWith("ean", StringComparison.Ordinal)
        || word.EndsWith("ican", StringComparison.Ordinal);

    private static bool MostlyCapitals(string sentence)
    {
        int letters = 0, capitals = 0;
        foreach (char ch in sentence)
        {
            if (char.IsLetter(ch))
            {
                letters++;
                if (char.IsUpper(ch))
                {
                    capitals++;
                }
            }
        }

        return letters >= 12 && capitals * 10 > letters * 6;
    }
}
