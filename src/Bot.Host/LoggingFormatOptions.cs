using System.ComponentModel.DataAnnotations;

namespace PolicyBot.Hosting;

/// <summary>The console log's shape (<c>Logging:Format</c>): one simple line, or one JSON object per line.</summary>
public sealed class LoggingFormatOptions : IValidatableObject
{
    /// <summary>The framework's own <c>Logging</c> section; only <see cref="Format"/> is PolicyBot's.</summary>
    public const string Section = "Logging";

    public const string Text = "text";

    public const string Json = "json";

    public string Format { get; set; } = Text;

    public bool IsJson => string.Equals(Format, Json, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsJson && !string.Equals(Format, Text, StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"Logging:Format must be '{Text}' or '{Json}', not '{Format}'.", new[] { nameof(Format) });
        }
    }
}
