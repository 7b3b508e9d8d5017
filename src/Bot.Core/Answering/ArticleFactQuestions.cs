using System.Text.RegularExpressions;

namespace PolicyBot.Core.Answering;

/// <summary>What a question about the article itself asks for.</summary>
public enum ArticleFact
{
    Author,
    Source,
    Link,
    Published,
    Title,
    Tags,
    Photo,
}

/// <summary>A recognised question about the article itself, and its words that are not about that (which article, which photo).</summary>
public sealed record ArticleFactQuestion(ArticleFact Fact, string Rest);

/// <summary>
/// Recognises questions about an article rather than about what it reports: who wrote it, which outlet published it,
/// where the original is, when it was published, its title and tags, what its photo shows. Each kind is a few
/// patterns in the wording people use; every one needs the article itself as its object ("this", "it", "the
/// piece", "the original") or no object at all, so "Who wrote the USMCA?" and "Which newspaper published an article
/// on February 7?" stay questions about the text.
/// </summary>
public static partial class ArticleFactQuestions
{
    // The article itself: "this", "it", "this article", "the piece", "the story", "the original".
    private const string It = @"(?:it|this|that|(?:this|that|the|your|the\s+original|the\s+news)\s+(?:article|piece|story|report|post|text|item|op-?ed|column|news\s+(?:piece|story|item)|original|one))";

    // "Who wrote this article?", "who authored it", "who's the author", "author of the piece?", "written by whom?"
    [GeneratedRegex(
        @"\bwho\s+(?:wrote|writes|has\s+written|had\s+written|authored|penned|is\s+behind)\s+" + It + @"\b"
        + @"|\bwho\s+(?:is|was|'s|’s)\s+(?:it|this|that)\s+(?:written\s+)?by\b"
        + @"|\b(?:who|what)\s*(?:is|was|'s|’s)\s+(?:the\s+)?(?:author|writer|reporter|journalist|columnist)(?:'s\s+name|’s\s+name)?(?:\s+of\s+" + It + @")?\s*[?.!]*\s*$"
        + @"|\b(?:the\s+)?(?:author|writer|byline)(?:\s+of\s+" + It + @")?\s*[?.!]*\s*$"
        + @"|\b(?:written|authored)\s+by\s+whom\b|\bby\s+whom\s+(?:is|was)\s+" + It + @"\s+written\b"
        + @"|\bwhose\s+(?:article|piece|story|column|report)\b"
        + @"|\bwho\s+(?:wrote|authored)\s*[?.!]*\s*$",
        RegexOptions.IgnoreCase)]
    private static partial Regex Author();

    // "Which outlet published it?", "who published this", "where is this from", "what's the source?"
    [GeneratedRegex(
        @"\b(?:which|what)\s+(?:news\s+)?(?:outlet|paper|newspaper|site|website|publication|media(?:\s+outlet)?|agency|news\s*agency|publisher|magazine|channel|source)\s+(?:published|ran|carried|posted|put\s+out|released|wrote|is\s+" + It + @"\s+from|did\s+" + It + @"\s+(?:come|appear)|(?:is|was)\s+" + It + @"\s+(?:published|posted)\s+(?:in|on|by))\b(?:\s+" + It + @"\b|\s*[?.!]*\s*$)"
        + @"|\bwho\s+(?:published|ran|posted|put\s+out|carried|released|is\s+the\s+publisher\s+of)\s+" + It + @"\b"
        + @"|\bwhere\s+(?:is|was|does|did)\s+" + It + @"\s+(?:from|come\s+from|(?:get\s+)?published|appear|run)\b"
        + @"|\b(?:what|which)\s*(?:is|was|'s|’s)\s+(?:the\s+)?(?:source|outlet|publisher|publication|paper|newspaper)(?:\s+(?:of|for)\s+" + It + @")?\s*[?.!]*\s*$"
        + @"|\b(?:published|run|posted|put\s+out)\s+by\s+(?:whom|which\s+\w+|what\s+\w+)",
        RegexOptions.IgnoreCase)]
    private static partial Regex Source();

    // "Where can I read the original?", "link to the article", "what's the URL", "source link?"
    [GeneratedRegex(
        @"\bwhere\s+(?:can|could|do|should|would|might)\s+(?:i|we|you|one|people)\s+(?:read|find|see|get|access|view|check)\s+(?:the\s+)?(?:original|full\s+(?:article|story|text|version|piece|report)|whole\s+(?:article|story|thing|piece)|source|it|this|(?:the\s+)?(?:article|piece|story|report))\b"
        + @"|\bwhere\s+(?:is|'s|’s)\s+the\s+(?:original|source|full\s+(?:article|story|text))\b"
        + @"|\b(?:link|url|web\s*address)\s+(?:to|for|of)\s+(?:the\s+|this\s+)?(?:original|article|piece|story|report|source|it|this)\b"
        + @"|\b(?:original|source|article's|article’s|its)\s+(?:link|url|web\s*address)\b|\bthe\s+(?:url|web\s*address)\b"
        + @"|^\s*(?:the\s+)?(?:link|url)\s*[?.!]*\s*$"
        + @"|\b(?:is\s+there|got|have\s+you\s+got|do\s+you\s+have|any)\s+(?:a\s+)?(?:link|url)\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    // "When was it published?", "what date is this article from", "publication date?", "how old is this story?"
    [GeneratedRegex(
        @"\bwhen\s+(?:was|is|did|were)\s+" + It + @"\s+(?:first\s+)?(?:published|written|posted|released|out|come\s+out|came\s+out|appear|appeared|dated|put\s+out|put\s+online|publish|published\s+online|run|filed)\b"
        + @"|\bwhen\s+(?:was|is)\s+" + It + @"\s+from\b"
        + @"|\b(?:what|which)\s+(?:date|day|year|month)\s+(?:is|was)\s+" + It + @"\b(?:\s+(?:from|published|dated|written|posted))?"
        + @"|\b(?:what|which)\s+(?:date|day)\s+(?:was|did)\s+" + It + @"\s+(?:published|come\s+out|appear|posted)\b"
        + @"|\b(?:publication|publishing|publish|release|posting)\s+date\b|\bdate\s+of\s+(?:publication|publishing)\b"
        + @"|\bhow\s+(?:old|recent|new)\s+is\s+" + It + @"\b"
        + @"|\bwhat(?:'s|’s|\s+is)\s+the\s+date\s+(?:of|on)\s+" + It + @"\b"
        + @"|\bwhen\s+(?:was|is)\s+" + It + @"\s*[?.!]*\s*$",
        RegexOptions.IgnoreCase)]
    private static partial Regex Published();

    // "What's the title?", "what is this article called", "headline?"
    [GeneratedRegex(
        @"\b(?:what|which)\s*(?:is|was|'s|’s)\s+(?:the\s+)?(?:title|headline|heading|name)\s*(?:of\s+" + It + @")?\s*[?.!]*\s*$"
        + @"|\bwhat\s+(?:is|was|'s|’s)\s+" + It + @"\s+(?:called|titled|named|headlined)\b"
        + @"|^\s*(?:the\s+)?(?:title|headline)\s*[?.!]*\s*$"
        + @"|\b(?:title|headline)\s+of\s+" + It + @"\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex Title();

    // "What are the tags?", "what is it tagged with", "which categories is this filed under"
    [GeneratedRegex(
        @"\b(?:what|which)\s+(?:are\s+)?(?:the\s+|its\s+)?(?:tags|categories|keywords|labels|topics\s+is\s+" + It + @"\s+tagged)\b"
        + @"|\b(?:tagged|categori[sz]ed|filed|labell?ed)\s+(?:as|under|with|in)\s*[?.!]*\s*$"
        + @"|\bwhat\s+(?:is|was)\s+" + It + @"\s+(?:tagged|filed|categori[sz]ed|labell?ed)\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex Tags();

    // "What car is in the photo?", "what does the picture show?", "who is in the image", "photo caption?"
    [GeneratedRegex(
        @"\b(?:in|on|from)\s+(?:the|this|that|its|their|the\s+article's|the\s+article’s)\s+(?:photo|picture|image|pic|photograph|illustration|graphic|shot)s?\b"
        + @"|\b(?:the|this|that|its)\s+(?:photo|picture|image|pic|photograph|illustration|graphic)s?\s+(?:show|shows|showing|shown|depict|depicts|depicting|above|below|caption|captions)\b"
        + @"|\b(?:what|which|who)\s*(?:is|are|was|'s|’s)\s+(?:the\s+|this\s+)?(?:photo|picture|image|pic|photograph|illustration)s?\s*(?:about|of)?\s*[?.!]*\s*$"
        + @"|\bcaptions?\b"
        + @"|\bdescribe\s+the\s+(?:photo|picture|image|pic|photograph|illustration)\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex Photo();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    /// <summary>The fact a question asks about the article itself, or null for a question about what the articles report.</summary>
    public static ArticleFactQuestion? Recognise(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        string q = Space().Replace(question, " ").Trim();
        if (q.Length == 0 || q.Length > 200)
        {
            return null; // A long message is a question about the content that happens to mention an author or a photo.
        }

        // The photo first: "who is in the photo" asks about the picture, not the author.
        foreach (var (fact, pattern) in Patterns)
        {
            var m = pattern.Match(q);
            if (m.Success)
            {
                string rest = Space().Replace(q.Remove(m.Index, m.Length), " ").Trim(' ', '?', '.', '!', ',');
                return new ArticleFactQuestion(fact, rest);
            }
        }

        return null;
    }

    private static readonly (ArticleFact Fact, Regex Pattern)[] Patterns =
    {
        (ArticleFact.Photo, Photo()),
        (ArticleFact.Link, Link()),
        (ArticleFact.Published, Published()),
        (ArticleFact.Author, Author()),
        (ArticleFact.Source, Source()),
        (ArticleFact.Title, Title()),
        (ArticleFact.Tags, Tags()),
    };
}
