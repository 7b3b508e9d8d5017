using PolicyBot.Core.Articles;

namespace PolicyBot.Core.Quotes;

/// <summary>Where the words that attribute a quote were found.</summary>
internal enum AttributionPlace
{
    /// <summary>Right after the closing mark: "…," Trudeau said / "…," said Trudeau / "…," according to Trudeau.</summary>
    AfterQuote,

    /// <summary>Earlier in the sentence: Trudeau said "…" / Trudeau: "…" / According to Trudeau, "…".</summary>
    BeforeQuote,

    /// <summary>The last clause of the sentence: "…" to rise this year, analysts said.</summary>
    SentenceTail,

    /// <summary>The sentence before a quote that is a sentence of its own: Trudeau told reporters. "…"</summary>
    PreviousSentence,

    /// <summary>A short sentence right after a quote that is a sentence of its own: "…" He said so on Monday.</summary>
    NextSentence,
}

/// <summary>
/// The subject of a speech verb: a name (titles removed), a noun phrase, or a pronoun. <see cref="Start"/> is where
/// <see cref="Text"/> starts, <see cref="PhraseStart"/> where the whole phrase with its titles starts.
/// <see cref="IsPerson"/> marks names that read as a person's ("Mr Clark", "Anna Smith"), which "he" and "she" can refer to;
/// <see cref="Gender"/> is 'm' or 'f' when a title says so (Mr, Ms), else '?'.
/// </summary>
internal sealed record Subject(string Text, bool IsName, bool IsPronoun, int Start, int PhraseStart, bool IsPerson = false, char Gender = '?');

/// <summary>Who a quote is attributed to, where the attribution was found and where its speech verb is.</summary>
internal sealed record Attribution(Subject Subject, AttributionPlace Place, int VerbStart)
{
    public bool InSentence => Place is AttributionPlace.AfterQuote or AttributionPlace.BeforeQuote or AttributionPlace.SentenceTail;
}

/// <summary>
/// Finds the speaker of a quote from speech verbs in its sentence or the adjacent sentence, and resolves
/// "he"/"she" to the most recent named speaker. Text inside quotation marks is never read as attribution.
/// </summary>
internal sealed class Attributor
{
    // Speech verbs. Forms that are more often nouns ("comments", "remarks", "reports", "claims", "states")
    // are left out so that "the member states" or "his remarks" do not attribute anything.
    internal static readonly HashSet<string> SpeechVerbs = new(StringComparer.Ordinal)
    {
        "said", "says", "say", "told", "tells", "added", "adds", "stated", "noted", "notes", "asked", "asks",
        "explained", "explains", "argued", "argues", "warned", "warns", "wrote", "writes", "expects", "expected",
        "insisted", "insists", "claimed", "declared", "declares", "announced", "announces", "replied", "replies",
        "responded", "responds", "commented", "emphasized", "emphasised", "emphasizes", "emphasises", "stressed",
        "stresses", "suggested", "suggests", "acknowledged", "acknowledges", "admitted", "admits", "concluded",
        "concludes", "recalled", "recalls", "observed", "observes", "remarked", "urged", "urges", "predicted",
        "predicts", "continued", "reported", "tweeted", "vowed", "vows", "promised", "cautioned", "countered",
        "conceded", "concedes", "maintained", "maintains", "contended", "contends", "spoke", "quipped", "joked",
        // Base forms after an auxiliary: "he will argue", "she did not say".
        "tell", "add", "argue", "warn", "write", "insist", "explain", "note", "ask", "stress", "predict", "urge",
        "admit", "conclude", "reply", "respond", "acknowledge", "suggest", "declare", "announce", "emphasise", "emphasize",
    };

    private static readonly HashSet<string> Pronouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "he", "she", "they", "we", "i", "it", "you",
    };

    // Adverbs and auxiliaries between a subject and its verb: "The author directly stated", "he has said".
    private static readonly HashSet<string> VerbModifiers = new(StringComparer.OrdinalIgnoreCase)
    {
        "also", "later", "then", "once", "again", "further", "has", "have", "had", "was", "is", "were", "are",
        "will", "would", "did", "does", "do", "not", "never", "even", "still", "just", "previously", "recently",
        "earlier", "often", "soon", "already", "only", "long", "yesterday", "today", "tonight", "too", "may", "might",
        "could", "can", "should", "must",
    };

    // Nouns of a time or channel phrase between subject and verb: "Mr Howard last week said", "X in a statement said".
    private static readonly HashSet<string> SettingNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "week", "month", "year", "night", "weekend", "morning", "afternoon", "evening", "statement", "interview",
        "letter", "speech", "conference", "report", "post", "tweet", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday", "twitter", "facebook", "television", "radio",
    };

    private static readonly HashSet<string> Determiners = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "our", "my", "your", "one", "some", "many", "several",
    };

    // Words that end a subject when reading backwards from the verb (clause openers and conjunctions).
    private static readonly HashSet<string> ClauseWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "that", "and", "but", "or", "if", "although", "though", "while", "when", "because", "since", "as", "so",
        "than", "which", "where", "after", "before", "whether", "however", "meanwhile", "still", "yet", "then",
        "now", "also", "instead", "moreover", "furthermore", "additionally", "despite", "regarding", "in", "on",
        "at", "to", "by", "with", "from", "into", "about", "according", "earlier", "later", "today", "yesterday",
        "last", "for", "what", "how", "why", "who", "whom", "once", "until", "unless", "nor", "not", "here", "there",
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "can", "could",
        "should", "must", "may", "might", "do", "does", "did", "said", "says",
    };

    // Words that end a name or noun phrase read forwards after an inverted verb: "said Trudeau on Monday".
    private static readonly HashSet<string> ForwardStops = new(StringComparer.OrdinalIgnoreCase)
    {
        "who", "which", "that", "in", "on", "at", "during", "after", "before", "when", "while", "to", "as", "and",
        "but", "adding", "according", "last", "this", "yesterday", "today", "earlier", "later", "told", "said",
        "speaking", "noting", "with", "from", "via", "by", "since", "quoted", "ahead",
    };

    // Verbs whose inverted form names the listener, not the speaker ("…," told the committee).
    private static readonly HashSet<string> NotInverted = new(StringComparer.Ordinal) { "told", "tells", "tell" };

    // Capitalised words that are not part of a name before a verb: "on Thursday Kalanick wrote".
    private static readonly HashSet<string> Calendar = new(StringComparer.Ordinal)
    {
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
        "July", "September", "October", "November", "December", "Today", "Yesterday", "Tonight",
    };

    // Role words dropped from the front of a name: "Canadian Prime Minister Justin Trudeau" → "Justin Trudeau".
    private static readonly HashSet<string> Titles = new(StringComparer.OrdinalIgnoreCase)
    {
        "prime", "minister", "president", "vice", "premier", "chancellor", "secretary", "senator", "sen.", "rep.",
        "representative", "congressman", "congresswoman", "governor", "gov.", "mayor", "ambassador", "spokesman",
        "spokeswoman", "spokesperson", "chairman", "chairwoman", "chair", "ceo", "cfo", "coo", "cto", "director",
        "general", "gen.", "commissioner", "deputy", "mr.", "mrs.", "ms.", "dr.", "prof.", "mr", "mrs", "ms", "dr",
        "professor", "sir", "dame", "lord", "king", "queen", "prince", "princess", "pope", "judge", "justice",
        "chief", "executive", "officer", "head", "leader", "founder", "economist", "analyst", "lawyer", "attorney",
        "adviser", "advisor", "official", "lt.", "col.", "capt.", "sgt.", "maj.", "adm.", "rev.", "mp", "mep",
        "affairs", "envoy", "speaker", "councillor", "councilor", "treasurer", "cabinet",
        "president-elect", "economists", "analysts", "officials", "researcher", "columnist", "editor",
        "author", "reporter", "correspondent", "journalist", "host", "anchor", "coach", "manager", "partner",
        "sheriff", "inspector", "detective", "sergeant", "constable", "captain", "colonel", "major", "lieutenant",
        "admiral", "bishop", "archbishop", "cardinal", "rabbi", "imam", "chairperson", "boss", "superintendent",
        "commander", "marshal", "referee", "producer", "director-general", "secretary-general", "miss", "lady",
        "reverend", "rt", "rev", "most", "right", "honourable", "hon", "singer", "striker", "midfielder", "defender", "goalkeeper", "skipper", "star", "actor", "actress",
    };

    // Lower-case words allowed inside a name: "Secretary of State", "Charles de Gaulle".
    private static readonly HashSet<string> NameConnectors = new(StringComparer.Ordinal)
    {
        "of", "de", "da", "van", "von", "der", "den", "la", "le", "du", "bin", "al", "el", "y",
    };

    // Prepositions through which a noun phrase continues backwards: "a spokesperson for the ministry said".
    private static readonly HashSet<string> PhrasePrepositions = new(StringComparer.OrdinalIgnoreCase)
    {
        "of", "for", "at", "from",
    };

    private readonly Article _article;
    private readonly string _body;
    private readonly bool[] _masked;
    private readonly List<(int Start, string Name, char Gender)> _mentions = new();

    public Attributor(Article article, IReadOnlyList<QuotedSpan> quotes)
    {
        _article = article;
        _body = article.Body;
        _masked = new bool[_body.Length];
        foreach (var quote in quotes)
        {
            foreach (var part in quote.Parts)
            {
                Array.Fill(_masked, true, part.Open, part.Outer - part.Open);
            }
        }

        // Named subjects of speech verbs anywhere in the text: the people "he" and "she" can refer to.
        foreach (var p in article.TextParagraphs)
        {
            foreach (var s in p.Sentences)
            {
                var tokens = Tokenize(s.Start, s.End);
                for (int v = 0; v < tokens.Count; v++)
                {
                    if (IsVerb(tokens[v]) && Backward(tokens, v) is { IsPerson: true } subject)
                    {
                        _mentions.Add((subject.Start, subject.Text, subject.Gender));
                    }
                }
            }
        }
    }

    /// <summary>Records a quotation's speaker as a mention that later pronouns can refer to.</summary>
    public void AddMention(int start, string speaker, char gender) => _mentions.Add((start, speaker, gender));

    /// <summary>
    /// The most recent named speaker mentioned before <paramref name="position"/> whose gender, when a title gave it,
    /// agrees with the pronoun ("she" never resolves to a "Mr").
    /// </summary>
    public (string Name, char Gender)? ResolvePronoun(int position, string pronoun)
    {
        char wanted = pronoun.Equals("she", StringComparison.OrdinalIgnoreCase) ? 'f' : 'm';
        (string Name, char Gender)? best = null;
        int bestStart = -1;
        foreach (var (start, name, gender) in _mentions)
        {
            if (start < position && start > bestStart && (gender == '?' || gender == wanted))
            {
                best = (name, gender);
                bestStart = start;
            }
        }

        return best;
    }

    /// <summary>The attribution of a quote, or null when no speech verb or "according to" attributes it.</summary>
    public Attribution? Find(QuotedSpan quote)
    {
        var first = quote.First;
        var last = quote.Last;
        var openParagraph = _article.Paragraphs[first.ParagraphIndex];
        var closeParagraph = _article.Paragraphs[last.ParagraphIndex];
        int closeAt = last.Close >= 0 ? last.Close : closeParagraph.Span.End - 1;
        int openSentence = SentenceIndex(openParagraph, first.Open);
        int closeSentence = SentenceIndex(closeParagraph, closeAt);
        var openSpan = SentenceOrParagraph(openParagraph, openSentence);
        var closeSpan = SentenceOrParagraph(closeParagraph, closeSentence);

        var after = Tokenize(closeAt + 1, closeSpan.End);
        var before = Tokenize(openSpan.Start, first.Open);

        if (Leading(after, 0) is { } lead)
        {
            return new Attribution(lead.Subject, AttributionPlace.AfterQuote, lead.Verb);
        }

        if (Preceding(before) is { } pre)
        {
            return new Attribution(pre.Subject, AttributionPlace.BeforeQuote, pre.Verb);
        }

        // "…" to rise this year, analysts said.
        int lastComma = after.FindLastIndex(t => t.Kind == TokenKind.Punct && _body[t.Start] is ',' or ';' or '—' or '–');
        if (lastComma > 0 && !after.Skip(lastComma).Any(t => t.Kind == TokenKind.Quote) && Leading(after, lastComma) is { } tail)
        {
            return new Attribution(tail.Subject, AttributionPlace.SentenceTail, tail.Verb);
        }

        // A quote that is a sentence of its own: the sentence before may introduce it, a short one after may close it.
        if (!before.Any(t => t.Kind == TokenKind.Word) && openSentence > 0)
        {
            var prev = openParagraph.Sentences[openSentence - 1];
            var tokens = Tokenize(prev.Start, prev.End);
            if (Introduces(tokens) is { } intro)
            {
                return new Attribution(intro.Subject, AttributionPlace.PreviousSentence, intro.Verb);
            }
        }

        if (!after.Any(t => t.Kind == TokenKind.Word) && closeSentence >= 0 && closeSentence + 1 < closeParagraph.Sentences.Count)
        {
            var next = closeParagraph.Sentences[closeSentence + 1];
            var tokens = Tokenize(next.Start, next.End);
            if (tokens.Count(t => t.Kind == TokenKind.Word) <= 8 && Leading(tokens, 0) is { } follow)
            {
                return new Attribution(follow.Subject, AttributionPlace.NextSentence, follow.Verb);
            }
        }

        return null;
    }

    /// <summary>Number of words between the two offsets, outside quotes.</summary>
    public int WordCount(int from, int to) => Tokenize(from, to).Count(t => t.Kind == TokenKind.Word);

    // "…," Trudeau said / "…," said Trudeau / "…," according to Trudeau — at the start of the tokens from index i.
    private (Subject Subject, int Verb)? Leading(List<Token> tokens, int i)
    {
        while (i < tokens.Count && tokens[i].Kind == TokenKind.Punct && _body[tokens[i].Start] is ',' or '.' or '!' or '?' or ';' or '—' or '–' or '-')
        {
            i++;
        }

        if (i >= tokens.Count || tokens[i].Kind != TokenKind.Word)
        {
            return null;
        }

        if (Is(tokens[i], "according") && i + 1 < tokens.Count && Is(tokens[i + 1], "to"))
        {
            return Forward(tokens, i + 2) is { } by ? (by, tokens[i].Start) : null;
        }

        int v = i;
        while (v < tokens.Count && v - i <= 7 && tokens[v].Kind == TokenKind.Word && !IsVerb(tokens[v]))
        {
            v++;
        }

        if (v >= tokens.Count || v - i > 7 || !IsVerb(tokens[v]))
        {
            return null;
        }

        if ((v == i || (v == i + 1 && VerbModifiers.Contains(Text(tokens[i])))) && !NotInverted.Contains(Text(tokens[v])))
        {
            return Forward(tokens, v + 1) is { } inverted ? (inverted, tokens[v].Start) : null; // said Trudeau
        }

        // "…," the prime minister said / "…," Ryanair deputy chief executive Michael Cawley told the BBC.
        return Backward(tokens, v) is { } subject ? (subject, tokens[v].Start) : null;
    }

    // Trudeau said he expects "…" / Trudeau: "…" / According to Trudeau, "…" — the nearest attribution before the quote.
    // A pronoun subject ("he expects") gives way to a name earlier in the same sentence ("Trudeau said he expects").
    private (Subject Subject, int Verb)? Preceding(List<Token> tokens)
    {
        (Subject Subject, int Verb)? pronoun = null;
        for (int k = tokens.Count - 1; k >= 0; k--)
        {
            (Subject Subject, int Verb)? found = null;
            if (IsVerb(tokens[k]) && Backward(tokens, k) is { } subject)
            {
                found = (subject, tokens[k].Start);
            }
            else if (Is(tokens[k], "according") && k + 1 < tokens.Count && Is(tokens[k + 1], "to") && Forward(tokens, k + 2) is { } by)
            {
                found = (by, tokens[k].Start);
            }

            if (found is null)
            {
                continue;
            }

            if (found.Value.Subject.IsPronoun)
            {
                pronoun ??= found;
            }
            else if (pronoun is null)
            {
                return found;
            }
            else if (found.Value.Subject.IsName)
            {
                return (found.Value.Subject, pronoun.Value.Verb); // "Trudeau said he expects "…"": he is Trudeau.
            }
        }

        if (pronoun is not null)
        {
            return pronoun;
        }

        // Trudeau: "…" — a bare name before a colon.
        if (tokens.Count >= 2 && tokens[^1].Kind == TokenKind.Punct && _body[tokens[^1].Start] is ':' or '：')
        {
            int s = tokens.Count - 1;
            while (s > 0 && tokens[s - 1].Kind == TokenKind.Word)
            {
                s--;
            }

            var words = tokens.GetRange(s, tokens.Count - 1 - s);
            if (words.Count is > 0 and <= 5 && words.All(IsCapitalised) && NameOf(words) is { } name)
            {
                return (name, tokens[^1].Start);
            }
        }

        return null;
    }

    // The sentence before a stand-alone quote introduces it when it ends with a colon or a speech verb
    // closes it ("Trudeau told reporters on Tuesday."): the verb is among its last five words.
    private (Subject Subject, int Verb)? Introduces(List<Token> tokens)
    {
        if (tokens.Any(t => t.Kind == TokenKind.Quote))
        {
            return null;
        }

        int words = 0;
        for (int k = tokens.Count - 1; k >= 0 && words < 5; k--)
        {
            if (tokens[k].Kind != TokenKind.Word)
            {
                continue;
            }

            words++;
            if (IsVerb(tokens[k]) && Backward(tokens, k) is { IsPronoun: false } subject)
            {
                return (subject, tokens[k].Start);
            }
        }

        return null;
    }

    /// <summary>The subject read backwards from the verb at <paramref name="v"/>: a pronoun, a name, or a noun phrase.</summary>
    private Subject? Backward(List<Token> tokens, int v)
    {
        int k = v - 1;
        int skipped = 0;
        while (k >= 0 && tokens[k].Kind == TokenKind.Word && skipped < 4)
        {
            if (IsModifier(tokens[k]))
            {
                k--;
            }
            else if (SettingLength(tokens, k) is > 0 and var length)
            {
                k -= length;
            }
            else
            {
                break;
            }

            skipped++;
        }

        // "Trudeau, who said …": the relative pronoun points at the name before it.
        if (k >= 0 && Is(tokens[k], "who"))
        {
            k--;
            if (k >= 0 && tokens[k].Kind == TokenKind.Punct && _body[tokens[k].Start] == ',')
            {
                k--;
            }
        }

        // "Georgeta Minciu, a part-time cleaner, said" / "The MP, who is consulting his lawyers, told": skip the aside.
        if (k >= 1 && IsComma(tokens[k]))
        {
            int c = k - 1;
            while (c >= 0 && tokens[c].Kind == TokenKind.Word && k - c <= 10)
            {
                c--;
            }

            if (c >= 1 && c < k - 1 && IsComma(tokens[c]) && tokens[c - 1].Kind == TokenKind.Word
                && (Determiners.Contains(Text(tokens[c + 1])) || Is(tokens[c + 1], "who") || !IsCapitalised(tokens[c + 1])))
            {
                // "The Archbishop of Cardiff, the Most Reverend Peter Smith, told": the aside holds the name.
                int run = k;
                while (run - 1 > c && IsCapitalised(tokens[run - 1]))
                {
                    run--;
                }

                if (k - run >= 2 && NameOf(tokens.GetRange(run, k - run)) is { IsPerson: true } aside)
                {
                    return aside;
                }

                k = c - 1;
            }
        }

        if (k < 0 || tokens[k].Kind != TokenKind.Word)
        {
            return null;
        }

        string head = Text(tokens[k]);
        if (Pronouns.Contains(head))
        {
            return new Subject(head, IsName: false, IsPronoun: true, tokens[k].Start, tokens[k].Start);
        }

        if (ClauseWords.Contains(head) || Determiners.Contains(head))
        {
            return null;
        }

        bool capitalMode = IsCapitalised(tokens[k]);
        int start = k;
        while (start - 1 >= 0 && tokens[start - 1].Kind == TokenKind.Word && k - start < 7)
        {
            var w = tokens[start - 1];
            string text = Text(w);
            if (Determiners.Contains(text))
            {
                start--;
                if (start - 1 >= 0 && !capitalMode && PhrasePrepositions.Contains(Text(tokens[start - 1])))
                {
                    continue; // "a spokesperson for the ministry"
                }

                break;
            }

            if (capitalMode)
            {
                bool connector = NameConnectors.Contains(text) && start - 2 >= 0 && IsCapitalised(tokens[start - 2]);
                if (!(IsCapitalised(w) && !ClauseWords.Contains(text) && !Calendar.Contains(text)) && !connector)
                {
                    break;
                }
            }
            else
            {
                if (PhrasePrepositions.Contains(text) && start - 2 >= 0 && tokens[start - 2].Kind == TokenKind.Word)
                {
                    start--;
                    continue;
                }

                if (ClauseWords.Contains(text) || IsVerb(w))
                {
                    break;
                }
            }

            start--;
        }

        var phrase = tokens.GetRange(start, k - start + 1);
        return SubjectOf(phrase);
    }

    /// <summary>
    /// The name or noun phrase read forwards from index <paramref name="i"/>: "said Prime Minister Justin Trudeau, who …"
    /// → "Justin Trudeau"; "said Gartner's principal analyst Kobita Desai" → "Kobita Desai"; "said a spokesperson for
    /// the ministry" → the whole noun phrase.
    /// </summary>
    private Subject? Forward(List<Token> tokens, int i)
    {
        if (i >= tokens.Count || tokens[i].Kind != TokenKind.Word)
        {
            return null;
        }

        string head = Text(tokens[i]);
        if (Pronouns.Contains(head))
        {
            return new Subject(head, IsName: false, IsPronoun: true, tokens[i].Start, tokens[i].Start);
        }

        if (ForwardStops.Contains(head) || (ClauseWords.Contains(head) && !PhrasePrepositions.Contains(head)) || Calendar.Contains(head))
        {
            return null; // "said in a statement", "said on Monday"
        }

        int end = i;
        while (end < tokens.Count && tokens[end].Kind == TokenKind.Word && end - i < 8)
        {
            string text = Text(tokens[end]);
            bool connector = NameConnectors.Contains(text) && end > i && IsCapitalised(tokens[end - 1])
                && end + 1 < tokens.Count && IsCapitalised(tokens[end + 1]);

            // "said chairman and chief executive Bill Ford": roles joined by "and".
            bool roles = text == "and" && tokens.Skip(i).Take(end - i).All(t => Titles.Contains(Text(t)));
            bool stop = ForwardStops.Contains(text) || (ClauseWords.Contains(text) && !PhrasePrepositions.Contains(text))
                || IsVerb(tokens[end]) || Calendar.Contains(text);
            if (end > i && !connector && !roles && stop)
            {
                break;
            }

            end++;
        }

        if (end == i)
        {
            return null;
        }

        var phrase = tokens.GetRange(i, end - i);
        if (SubjectOf(phrase) is { IsName: true } whole)
        {
            return whole;
        }

        // A role before a name: keep the name at the end of the phrase.
        int run = phrase.Count;
        while (run > 0 && (IsCapitalised(phrase[run - 1]) || (NameConnectors.Contains(Text(phrase[run - 1])) && run > 1 && run < phrase.Count)))
        {
            run--;
        }

        string beforeRun = run > 0 ? Text(phrase[run - 1]) : string.Empty;
        bool roleBefore = !Determiners.Contains(beforeRun) && !PhrasePrepositions.Contains(beforeRun) && !NameConnectors.Contains(beforeRun);
        if (run > 0 && run < phrase.Count && roleBefore && NameOf(phrase.GetRange(run, phrase.Count - run)) is { } named)
        {
            return named with { PhraseStart = phrase[0].Start, IsPerson = true };
        }

        // A name followed by other words ("said Smith of the union"): the leading name.
        int lead = 0;
        while (lead < phrase.Count && IsCapitalised(phrase[lead]) && !Determiners.Contains(Text(phrase[lead])))
        {
            lead++;
        }

        if (lead > 0 && NameOf(phrase.GetRange(0, lead)) is { } leading)
        {
            return leading;
        }

        return SubjectOf(phrase);
    }

    private Subject? SubjectOf(List<Token> phrase)
    {
        if (phrase.Count == 0)
        {
            return null;
        }

        bool name = (phrase.All(t => IsCapitalised(t) || NameConnectors.Contains(Text(t))) && !Determiners.Contains(Text(phrase[0])))
            || (phrase.Count > 1 && Determiners.Contains(Text(phrase[0])) && phrase.Skip(1).All(t => IsCapitalised(t) || NameConnectors.Contains(Text(t))));
        if (name)
        {
            return NameOf(phrase);
        }

        // A noun phrase needs a noun at its end, not a determiner or a clause word.
        string last = Text(phrase[^1]);
        if (Determiners.Contains(last) || ClauseWords.Contains(last) || phrase.Count > 6)
        {
            return null;
        }

        string head = Text(phrase[^1]).ToLowerInvariant();
        int dash = head.LastIndexOf('-');
        head = dash >= 0 ? head[(dash + 1)..] : head; // "ex-wife"
        char gender = FemaleNouns.Contains(head) ? 'f' : MaleNouns.Contains(head) ? 'm' : '?';
        return new Subject(_body[phrase[0].Start..phrase[^1].End], IsName: false, IsPronoun: false, phrase[0].Start, phrase[0].Start, Gender: gender);
    }

    private static readonly HashSet<string> FemaleNouns = new(StringComparer.Ordinal)
    {
        "woman", "wife", "mother", "daughter", "sister", "girl", "girlfriend", "spokeswoman", "chairwoman", "actress",
        "queen", "princess", "grandmother", "aunt", "niece", "mum", "mom", "widow", "bride", "lady",
    };

    private static readonly HashSet<string> MaleNouns = new(StringComparer.Ordinal)
    {
        "man", "husband", "father", "son", "brother", "boy", "boyfriend", "spokesman", "chairman", "actor", "king",
        "prince", "grandfather", "uncle", "nephew", "dad", "widower", "groom",
    };

    /// <summary>
    /// A name without its roles: "Canadian Prime Minister Justin Trudeau" → "Justin Trudeau", "Secretary of State
    /// Marco Rubio" → "Marco Rubio". A name without a role keeps its article ("the American", "The White House").
    /// </summary>
    private Subject? NameOf(List<Token> phrase)
    {
        int lastTitle = -1;
        for (int k = 0; k < phrase.Count - 1; k++)
        {
            if (Titles.Contains(Text(phrase[k])))
            {
                lastTitle = k;
            }
        }

        if (phrase.All(t => Titles.Contains(Text(t)) || Determiners.Contains(Text(t))))
        {
            lastTitle = -1; // "The Prime Minister" is all role: keep it.
        }

        int from = lastTitle + 1;
        while (lastTitle >= 0 && from < phrase.Count && NameConnectors.Contains(Text(phrase[from])))
        {
            from += 2; // "Secretary of State Marco Rubio": "of State" goes with the title.
        }

        if (from >= phrase.Count)
        {
            from = 0; // "The Archbishop of Cardiff" is all role: keep it whole.
        }

        for (int k = phrase.Count - 2; k >= from; k--)
        {
            if (IsPossessive(Text(phrase[k])))
            {
                from = k + 1; // "War on Want's John Hilary" → "John Hilary"
                break;
            }
        }

        string text = _body[phrase[from].Start..phrase[^1].End];
        if (IsPossessive(text))
        {
            return null; // "Trudeau's" is an owner, not a speaker.
        }

        var rest = phrase.Skip(from).Select(Text).ToList();
        bool person = !Determiners.Contains(rest[0]) && !rest.Any(OrganisationWords.Contains)
            && (lastTitle >= 0 || rest.Count is 2 or 3) && !rest.Any(w => w.Length > 1 && w.All(char.IsUpper));
        var titles = phrase.Take(from).Select(t => Text(t).TrimEnd('.').ToLowerInvariant()).ToList();
        char gender = titles.Any(t => t is "mr" or "sir" or "lord" or "king" or "prince")
            ? 'm'
            : titles.Any(t => t is "ms" or "mrs" or "miss" or "dame" or "lady" or "queen" or "princess") ? 'f' : '?';
        return new Subject(text, IsName: true, IsPronoun: false, phrase[from].Start, phrase[0].Start, person, gender);
    }

    // Words that make a capitalised name an organisation's or a publication's, not a person's.
    private static readonly HashSet<string> OrganisationWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "house", "institute", "university", "bank", "group", "inc", "inc.", "ltd", "ltd.", "co", "co.", "corp", "corp.",
        "company", "ministry", "department", "office", "council", "commission", "agency", "association", "union",
        "party", "times", "news", "post", "journal", "reuters", "press", "committee", "court", "government",
        "foundation", "fund", "federation", "board", "authority", "service", "services", "airlines", "airways",
        "motors", "systems", "technologies", "technology", "partners", "capital", "holdings", "club", "league",
        "network", "radio", "television", "tv", "centre", "center", "organisation", "organization", "daily",
        "herald", "telegraph", "guardian", "tribune", "street", "states", "kingdom", "republic", "nations",
        "parliament", "congress", "senate", "police", "army", "forces", "media", "magazine", "review", "index",
    };

    private static int SentenceIndex(Paragraph paragraph, int position)
    {
        for (int k = 0; k < paragraph.Sentences.Count; k++)
        {
            var s = paragraph.Sentences[k];
            if (position >= s.Start && position < s.End)
            {
                return k;
            }
        }

        return -1;
    }

    private static TextSpan SentenceOrParagraph(Paragraph paragraph, int index) =>
        index >= 0 ? paragraph.Sentences[index] : paragraph.Span;

    // "last week", "on Monday", "in a statement", "in an interview with the BBC" is too long: up to three words.
    private int SettingLength(List<Token> tokens, int k)
    {
        if (!SettingNouns.Contains(Text(tokens[k])))
        {
            return 0;
        }

        for (int back = 1; back <= 2 && k - back >= 0 && tokens[k - back].Kind == TokenKind.Word; back++)
        {
            string w = Text(tokens[k - back]).ToLowerInvariant();
            if (w is "last" or "this" or "next" or "on" or "in" or "at" or "during" or "via")
            {
                return back + 1;
            }

            if (!Determiners.Contains(w))
            {
                return 0;
            }
        }

        return 0;
    }

    private static bool IsPossessive(string word) => word.EndsWith("'s", StringComparison.Ordinal) || word.EndsWith("’s", StringComparison.Ordinal);

    private bool IsComma(Token token) => token.Kind == TokenKind.Punct && _body[token.Start] == ',';

    private bool IsVerb(Token token) => token.Kind == TokenKind.Word && SpeechVerbs.Contains(Text(token));

    private bool IsModifier(Token token)
    {
        string text = Text(token);
        return char.IsLower(text[0]) && (VerbModifiers.Contains(text) || (text.Length > 4 && text.EndsWith("ly", StringComparison.Ordinal)));
    }

    private bool IsCapitalised(Token token) => token.Kind == TokenKind.Word && char.IsUpper(_body[token.Start]);

    private bool Is(Token token, string word) => token.Kind == TokenKind.Word && string.Equals(Text(token), word, StringComparison.OrdinalIgnoreCase);

    private string Text(Token token) => _body[token.Start..token.End];

    internal enum TokenKind
    {
        Word,
        Punct,
        Quote,
    }

    internal readonly record struct Token(int Start, int End, TokenKind Kind);

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "jr", "sr", "st", "prof", "gov", "sen", "rep", "gen", "lt", "col", "capt", "sgt", "maj", "adm", "rev", "hon",
    };

    /// <summary>Words, punctuation and quoted stretches (one token each) between two body offsets.</summary>
    private List<Token> Tokenize(int from, int to)
    {
        var tokens = new List<Token>();
        int i = Math.Max(0, from);
        to = Math.Min(to, _body.Length);
        while (i < to)
        {
            char c = _body[i];
            if (_masked[i])
            {
                int j = i;
                while (j < to && _masked[j])
                {
                    j++;
                }

                tokens.Add(new Token(i, j, TokenKind.Quote));
                i = j;
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsLetterOrDigit(c))
            {
                int j = i + 1;
                while (j < to && !_masked[j] && (char.IsLetterOrDigit(_body[j])
                    || (_body[j] is '\'' or '’' or '-' or '.' or '&' && j + 1 < to && char.IsLetterOrDigit(_body[j + 1]) && !_masked[j + 1])))
                {
                    j++;
                }

                // Keep the period of "Mr.", "U.S." and initials with the word.
                if (j < to && _body[j] == '.' && !_masked[j])
                {
                    string word = _body[i..j];
                    if (Abbreviations.Contains(word) || word.Contains('.', StringComparison.Ordinal) || (word.Length == 1 && char.IsUpper(word[0])))
                    {
                        j++;
                    }
                }

                tokens.Add(new Token(i, j, TokenKind.Word));
                i = j;
            }
            else
            {
                tokens.Add(new Token(i, i + 1, TokenKind.Punct));
                i++;
            }
        }

        return tokens;
    }
}
