using PolicyBot.Core.Articles;
using PolicyBot.Core.Facts;
using PolicyBot.TestKit;

namespace PolicyBot.Core.Tests.Facts;

public class FactFinderTests
{
    private static Article Seed()
    {
        string path = Directory.GetFiles(RepositoryPaths.Seeds).Single();
        return ArticleLoader.Load(new ArticleFile(Path.GetFileName(path), path, new FileInfo(path).Length, 0, "seed")).Article!;
    }

    /// <summary>A text article titled "Key figures" (so no body sentence repeats the title), one paragraph per line.</summary>
    private static Article Build(params string[] lines) =>
        ArticleLoader.Parse("t", "x.txt", "Key figures\n" + string.Join('\n', lines) + "\n", null, DateTimeOffset.UnixEpoch).Article!;

    private static IReadOnlyList<FactMention> MentionsOf(string sentence)
    {
        var facts = FactFinder.Find(Build(sentence));
        return facts.Count == 0 ? Array.Empty<FactMention>() : Assert.Single(facts).Mentions;
    }

    private static void AssertSingleMention(string sentence, FactKind kind, string expected)
    {
        var mentions = MentionsOf(sentence);
        Assert.Contains(mentions, m => m.Kind == kind && m.Text == expected);
        Assert.DoesNotContain(mentions, m => m.Text != expected && m.Text.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Find_Seed_RanksRecordInvestmentsAndOverHalfOfAmericansAmongTheFirstFacts()
    {
        var facts = FactFinder.Find(Seed());

        var top = facts.Take(3).Select(f => f.Text).ToList();
        Assert.StartsWith("An unfriendly policy environment", top[0], StringComparison.Ordinal);
        Assert.Contains("record $8 billion in clean technology manufacturing investments being canceled in the last three months of 2025", top[0], StringComparison.Ordinal);
        Assert.Contains(top, t => t.Contains("over half of Americans", StringComparison.Ordinal) && t.Contains("Chatham House", StringComparison.Ordinal));
        var first = facts[0];
        Assert.Equal(5, first.Paragraph);
        Assert.Contains(first.Mentions, m => m.Kind == FactKind.Amount && m.Text == "$8 billion");
        Assert.Contains(first.Mentions, m => m.Kind == FactKind.Date && m.Text == "the last three months of 2025");
    }

    [Fact]
    public void Find_Seed_NeverReturnsCaptionsTitleOrNotices()
    {
        var article = Seed();

        var facts = FactFinder.Find(article, 1000);

        Assert.NotEmpty(facts);
        Assert.DoesNotContain(facts, f => f.Text.Contains("IC Photo", StringComparison.Ordinal) || f.Text.Contains("BYD Tang", StringComparison.Ordinal));
        Assert.DoesNotContain(facts, f => f.Text.Contains("Unauthorized reproduction", StringComparison.Ordinal) || f.Text.Contains("exclusive to Observer Net", StringComparison.Ordinal));
        Assert.DoesNotContain(facts, f => f.Text.StartsWith("Statement", StringComparison.Ordinal) || f.Text.StartsWith("Original", StringComparison.Ordinal));
        Assert.DoesNotContain(facts, f => f.Text.StartsWith("\"If the United States wants to compete", StringComparison.Ordinal));
    }

    [Fact]
    public void Find_Seed_TextIsTheVerbatimSentenceAndMentionSpansPointIntoTheBody()
    {
        var article = Seed();

        var facts = FactFinder.Find(article, 1000);

        Assert.All(facts, f =>
        {
            Assert.Equal(article.TextOf(f.Span), f.Text);
            var paragraph = Assert.Single(article.TextParagraphs, p => p.Number == f.Paragraph && p.Sentences.Contains(f.Span));
            Assert.Equal(ParagraphKind.Text, paragraph.Kind);
            Assert.NotEmpty(f.Mentions);
            Assert.All(f.Mentions, m =>
            {
                Assert.Equal(m.Text, article.TextOf(m.Span));
                Assert.InRange(m.Span.Start, f.Span.Start, f.Span.End - m.Span.Length);
            });
            Assert.Equal(f.Mentions.OrderBy(m => m.Span.Start).ToList(), f.Mentions.ToList());
        });
        Assert.Equal(facts.OrderByDescending(f => f.Score).Select(f => f.Score), facts.Select(f => f.Score));
    }

    [Fact]
    public void Find_Seed_FindsTheNamedOrganisationsAndTheStreak()
    {
        var facts = FactFinder.Find(Seed(), 1000);
        var mentions = facts.SelectMany(f => f.Mentions).ToList();

        Assert.Contains(mentions, m => m.Kind == FactKind.Organisation && m.Text == "Contemporary Amperex Technology Co., Ltd.");
        Assert.Contains(mentions, m => m.Kind == FactKind.Organisation && m.Text == "CATL");
        Assert.Contains(mentions, m => m.Kind == FactKind.Organisation && m.Text == "USMCA");
        Assert.Contains(mentions, m => m.Kind == FactKind.Organisation && m.Text.EndsWith("Chatham House Institute", StringComparison.Ordinal));
        Assert.Contains(mentions, m => m.Kind == FactKind.Count && m.Text == "eighth consecutive month");
        Assert.Contains(mentions, m => m.Kind == FactKind.Place && m.Text == "Kentucky");
        Assert.DoesNotContain(mentions, m => m.Text is "Ford" or "Chinese" or "Canadian");
    }

    [Theory]
    [InlineData("$8 billion")]
    [InlineData("$1.13bn")]
    [InlineData("£600m")]
    [InlineData("€2.5 million")]
    [InlineData("8 billion dollars")]
    [InlineData("US$3m")]
    [InlineData("¥100")]
    [InlineData("RMB 5 million")]
    [InlineData("eight billion dollars")]
    public void Find_MoneyWrittenInCommonForms_IsOneAmount(string amount)
    {
        AssertSingleMention($"The company said it spent {amount} on the new project.", FactKind.Amount, amount);
    }

    [Theory]
    [InlineData("27%")]
    [InlineData("6.4 per cent")]
    [InlineData("12 percent")]
    [InlineData("over half")]
    [InlineData("two-thirds")]
    public void Find_PercentagesAndProportions_AreOnePercentage(string share)
    {
        AssertSingleMention($"The survey says {share} of voters back the plan.", FactKind.Percentage, share);
    }

    [Theory]
    [InlineData("3,000 jobs")]
    [InlineData("12 factories")]
    [InlineData("three years")]
    [InlineData("3,000 high-paying union jobs")]
    [InlineData("hundreds of workers")]
    [InlineData("eighth consecutive month")]
    public void Find_NumberBeforeAPluralNoun_IsOneCount(string count)
    {
        AssertSingleMention($"The plan covers {count} for the company.", FactKind.Count, count);
    }

    [Theory]
    [InlineData("on February 7", "February 7")]
    [InlineData("in January this year", "January this year")]
    [InlineData("in December last year", "December last year")]
    [InlineData("in 2025", "2025")]
    [InlineData("in the last three months of 2025", "the last three months of 2025")]
    [InlineData("in Q4", "Q4")]
    [InlineData("in the fourth quarter", "the fourth quarter")]
    [InlineData("on Monday", "Monday")]
    [InlineData("in the second half of 2025", "the second half of 2025")]
    public void Find_DatesAndPeriods_AreOneDate(string phrase, string date)
    {
        AssertSingleMention($"Sales of the model rose {phrase}, the company said.", FactKind.Date, date);
    }

    [Theory]
    [InlineData("Sales rose in Canada, the firm said.", "Canada")]
    [InlineData("Sales rose in the EU, the firm said.", "EU")]
    [InlineData("The firm builds a cell factory in Nevada.", "Nevada")]
    [InlineData("The firm opened a plant near Lisbon and hired locally.", "Lisbon")]
    public void Find_CountriesStatesAndCitiesAfterAPreposition_ArePlaces(string sentence, string place)
    {
        AssertSingleMention(sentence, FactKind.Place, place);
    }

    [Theory]
    [InlineData("Ford signed a deal with Contemporary Amperex Technology Co., Ltd. last week.", "Contemporary Amperex Technology Co., Ltd.")]
    [InlineData("Ford also talks to BYD about batteries.", "BYD")]
    [InlineData("A survey by the Chatham House Institute was cited.", "Chatham House Institute")]
    [InlineData("The Ministry of Commerce issued new guidance.", "Ministry of Commerce")]
    [InlineData("The rules of the USMCA will be renegotiated.", "USMCA")]
    public void Find_NamedOrganisationsAndAcronyms_AreOrganisations(string sentence, string organisation)
    {
        AssertSingleMention(sentence, FactKind.Organisation, organisation);
    }

    [Theory]
    [InlineData("An unfriendly policy environment is one reason for the slowdown.")]
    [InlineData("Trudeau agreed to import a certain number of electric vehicles annually.")]
    [InlineData("One seeks to manage inputs, while the other prioritizes relations.")]
    [InlineData("However, companies still want Chinese technology in Ford models.")]
    [InlineData("The Commission met after the EVs were sold.")]
    [InlineData("In contrast, the plan fell further behind in the second half.")]
    public void Find_SentenceWithoutRealFigureOrName_ReturnsNothing(string sentence)
    {
        Assert.Empty(FactFinder.Find(Build(sentence)));
    }

    [Fact]
    public void Find_YearBeforeAPluralNoun_IsADateNotACount()
    {
        var mentions = MentionsOf("Its 2025 sales were strong.");

        var mention = Assert.Single(mentions);
        Assert.Equal(FactKind.Date, mention.Kind);
        Assert.Equal("2025", mention.Text);
    }

    [Fact]
    public void Find_AmountSentenceAfterPlaceList_RanksAmountFirst()
    {
        var article = Build(
            "Officials from Canada, Mexico, Japan and Brazil met in Ottawa.",
            "The fund will invest $2 billion.");

        var facts = FactFinder.Find(article);

        Assert.Equal(2, facts.Count);
        Assert.Equal("The fund will invest $2 billion.", facts[0].Text);
        Assert.Equal(2, facts[0].Paragraph);
        Assert.True(facts[0].Score > facts[1].Score);
    }

    [Fact]
    public void Find_SentencesWithTheSameKindsOfMention_EarlierSentenceFirst()
    {
        var article = Build(
            "The second plant opened in 2024.",
            "The first plant opened in 2019.");

        var facts = FactFinder.Find(article);

        Assert.Equal(new[] { 1, 2 }, facts.Select(f => f.Paragraph));
        Assert.True(facts[0].Score > facts[1].Score);
    }

    [Fact]
    public void Find_CaptionsHeadingsAndNotices_NeverReturned()
    {
        var article = ArticleLoader.Parse(
            "t",
            "x.md",
            "---\ntitle: Battery plants\n---\n## Sales rose 27% to $5 billion in 2025\n\nFord plans 12 factories in Kentucky.\n",
            null,
            DateTimeOffset.UnixEpoch).Article!;
        var text = ArticleLoader.Parse(
            "u",
            "y.txt",
            "Battery plants\nFord plans 12 factories in Kentucky.\nWorkers at the BYD plant in Shenzhen in 2025 (Photo: Reuters)\nThis article is exclusive to Example News. Unauthorized reproduction of its 300 words is prohibited.\nStatement: The company lost $5 billion in 2025.\n",
            null,
            DateTimeOffset.UnixEpoch).Article!;
        Assert.Contains(article.Paragraphs, p => p.Kind == ParagraphKind.Heading);
        Assert.Contains(text.Paragraphs, p => p.Kind == ParagraphKind.Caption);
        Assert.Equal(2, text.Notices.Count);

        foreach (var a in new[] { article, text })
        {
            var facts = FactFinder.Find(a, 100);

            var fact = Assert.Single(facts);
            Assert.Equal("Ford plans 12 factories in Kentucky.", fact.Text);
            Assert.Equal(1, fact.Paragraph);
        }
    }

    [Fact]
    public void Find_MaxSmallerThanFacts_ReturnsTheBestMax()
    {
        var article = Build("Sales fell in Canada.", "Profit rose 12% in 2025.", "The firm hired 300 engineers.");

        var facts = FactFinder.Find(article, 2);

        Assert.Equal(new[] { "Profit rose 12% in 2025.", "The firm hired 300 engineers." }, facts.Select(f => f.Text));
    }

    [Fact]
    public void Find_ZeroMax_ReturnsNothing()
    {
        Assert.Empty(FactFinder.Find(Build("Profit rose 12% in 2025."), 0));
    }

    [Fact]
    public void Find_NegativeMax_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FactFinder.Find(Build("Profit rose 12% in 2025."), -1));
    }

    [Fact]
    public void Score_RepeatedMention_CountsOnce()
    {
        var once = new[] { new FactMention(FactKind.Organisation, "BYD", new TextSpan(0, 3)) };
        var twice = new[] { once[0], new FactMention(FactKind.Organisation, "BYD", new TextSpan(10, 3)) };

        Assert.Equal(FactFinder.Score(once, 0, 1), FactFinder.Score(twice, 0, 1));
    }

    [Fact]
    public void Score_FurtherMentionsOfAKind_AddHalfThePreviousAndEarlierSentencesGetTheBonus()
    {
        var places = new[]
        {
            new FactMention(FactKind.Place, "Canada", new TextSpan(0, 6)),
            new FactMention(FactKind.Place, "China", new TextSpan(10, 5)),
            new FactMention(FactKind.Place, "Japan", new TextSpan(20, 5)),
        };
        var amount = new[] { new FactMention(FactKind.Amount, "$1m", new TextSpan(0, 3)) };

        Assert.Equal(1 + 0.5 + 0.25 + 0.5, FactFinder.Score(places, 0, 4), 3);
        Assert.Equal(4 + 0.5 * 0.75, FactFinder.Score(amount, 1, 4), 3);
        Assert.True(FactFinder.Score(amount, 3, 4) > FactFinder.Score(places, 0, 4));
    }
}
