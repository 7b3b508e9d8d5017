using System.Text.RegularExpressions;

namespace PolicyBot.Core.Answering;

/// <summary>What kind of thing a question asks for, read from its wording.</summary>
public enum AnswerType
{
    Any,
    Person,
    Time,
    Place,
    Quantity,
    Reason,
}

/// <summary>Classifies questions and recognises sentences that hold the kind of thing asked for.</summary>
public static partial class AnswerTypes
{
    [GeneratedRegex(@"^\s*(?:and\s+|so\s+)?(?<w>who|whom|whose|when|where|why|how\s+(?:many|much|long|old|far|big|large|often)|what\s+(?:year|date|day|month|time|percentage|percent|share|amount|number|proportion|age)|which\s+(?:year|date|month|day|country|countries|city|cities|state|states|company|companies|person|people))\b", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingQuestionWord();

    [GeneratedRegex(@"\b(?:in|on|during|since|until|by)\s+(?:what|which)\s+(?:year|month|day|date|decade|century)\b|\bwhat\s+year\b|\bwhen\b", RegexOptions.IgnoreCase)]
    private static partial Regex TimeAnywhere();

    [GeneratedRegex(@"\b(?:how\s+(?:many|much)|what\s+(?:percentage|percent|share|amount|number|proportion))\b", RegexOptions.IgnoreCase)]
    private static partial Regex QuantityAnywhere();

    [GeneratedRegex(@"\b(?:1[5-9]\d\d|20\d\d)s?\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\b(?:last|next|this)\s+(?:year|month|week|quarter|decade)\b|\b(?:quarter|century|decade)\b|\byesterday\b|\btoday\b|\b\d+\s+(?:years?|months?|days?)\s+ago\b")]
    private static partial Regex TimeMention();

    [GeneratedRegex(@"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|trillion|dozen|half|quarter|percent)\b|%", RegexOptions.IgnoreCase)]
    private static partial Regex QuantityMention();

    [GeneratedRegex(@"\b(?:because|due\s+to|since|as\s+a\s+result|in\s+order\s+to|so\s+that|reason|caused?|led\s+to|owing\s+to|thanks\s+to|therefore|thus|concerns?|worries|pretext|aims?\s+to|in\s+an\s+effort)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReasonMention();

    [GeneratedRegex(@"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")]
    private static partial Regex CapitalisedName();

    [GeneratedRegex(@"\b(?:in|at|from|near|across|to)\s+(?:the\s+)?[A-Z][a-z]+")]
    private static partial Regex PlaceMention();

    public static AnswerType Classify(string question)
    {
        var m = LeadingQuestionWord().Match(question);
        if (m.Success)
        {
            string w = m.Groups["w"].Value.ToLowerInvariant();
            if (w.StartsWith("who", StringComparison.Ordinal))
            {
                return AnswerType.Person;
            }

            if (w == "when" || w.StartsWith("what ", StringComparison.Ordinal) && TimeAnywhere().IsMatch(w) || w.StartsWith("which ", StringComparison.Ordinal) && Regex.IsMatch(w, "year|date|month|day"))
            {
                return AnswerType.Time;
            }

            if (w == "where" || w.StartsWith("which ", StringComparison.Ordinal) && Regex.IsMatch(w, "countr|cit|state"))
            {
                return AnswerType.Place;
            }

            if (w == "why")
            {
                return AnswerType.Reason;
            }

            if (w.StartsWith("how ", StringComparison.Ordinal) || w.StartsWith("what ", StringComparison.Ordinal))
            {
                return AnswerType.Quantity;
            }

            if (w.StartsWith("which ", StringComparison.Ordinal))
            {
                return AnswerType.Person; // company / person / people: a name.
            }
        }

        if (QuantityAnywhere().IsMatch(question))
        {
            return AnswerType.Quantity;
        }

        return TimeAnywhere().IsMatch(question) ? AnswerType.Time : AnswerType.Any;
    }

    /// <summary>Whether <paramref name="sentence"/> holds something of the asked type that the question itself does not already name.</summary>
    public static bool Holds(AnswerType type, string sentence, string question) => type switch
    {
        AnswerType.Time => NewMatch(TimeMention(), sentence, question),
        AnswerType.Quantity => NewMatch(QuantityMention(), sentence, question),
        AnswerType.Reason => ReasonMention().IsMatch(sentence),
        AnswerType.Person => NewMatch(CapitalisedName(), sentence, question),
        AnswerType.Place => NewMatch(PlaceMention(), sentence, question),
        _ => false,
    };

    private static bool NewMatch(Regex pattern, string sentence, string question)
    {
        foreach (Match m in pattern.Matches(sentence))
        {
            if (!question.Contains(m.Value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
