using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PolicyBot.TestKit.FakeDiscord;

/// <summary>Application command and interaction response rules (protocols.md §1.4, §2).</summary>
internal static partial class FakeDiscordCommandValidation
{
    [GeneratedRegex(@"^[-_'\p{L}\p{N}\p{IsDevanagari}\p{IsThai}]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChatInputName();

    /// <summary>Validates a bulk-overwrite body: an array of commands.</summary>
    public static FakeDiscordError? Commands(JsonNode? body)
    {
        var errors = new FormErrors();
        if (body is not JsonArray commands)
        {
            errors.Add("", "BASE_TYPE_ARRAY", "Must be an array.");
            return errors.ToError();
        }

        var names = new HashSet<(long, string)>();
        var perType = new Dictionary<long, int>();
        for (int i = 0; i < commands.Count; i++)
        {
            string at = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (commands[i] is not JsonObject command)
            {
                errors.Add(at, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
                continue;
            }

            long type = 1;
            if (command["type"] is { } typeNode && (!FakeDiscordValidation.TryLong(typeNode, out type) || type is < 1 or > 4))
            {
                errors.Add(at + ".type", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}.");
                continue;
            }

            perType[type] = perType.GetValueOrDefault(type) + 1;
            string? name = FakeDiscordValidation.String(command["name"]);
            if (type == 1)
            {
                Name(name, at + ".name", errors);
                FakeDiscordValidation.Required(command["description"], at + ".description", 1, 100, errors);
                Options(command["options"], at + ".options", errors, depth: 0);
            }
            else
            {
                FakeDiscordValidation.Required(command["name"], at + ".name", 1, 32, errors);
                if (FakeDiscordValidation.String(command["description"]) is { Length: > 0 })
                {
                    errors.Add(at + ".description", "APPLICATION_COMMAND_DESCRIPTION_INVALID", "Description must be empty for USER and MESSAGE commands.");
                }

                if (command["options"] is JsonArray { Count: > 0 })
                {
                    errors.Add(at + ".options", "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Only CHAT_INPUT commands may have options.");
                }
            }

            if (command["default_member_permissions"] is { } permissions && permissions.GetValueKind() != JsonValueKind.Null
                && (FakeDiscordValidation.String(permissions) is not { Length: > 0 } digits || !digits.All(char.IsAsciiDigit)))
            {
                errors.Add(at + ".default_member_permissions", "BASE_TYPE_BAD_INT", "Must be a string of digits (a permission bitset).");
            }

            if (name is not null && !names.Add((type, name)))
            {
                errors.Add(at + ".name", "APPLICATION_COMMANDS_DUPLICATE_NAME", $"Application command names must be unique ({name}).");
            }

            if (command.ToJsonString().Length > 8000)
            {
                errors.Add(at, "APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size (8000)");
            }
        }

        if (perType.GetValueOrDefault(1) > 100)
        {
            errors.Add("", "APPLICATION_COMMANDS_TOO_MANY", "Maximum number of CHAT_INPUT application commands reached (100)");
        }

        if (perType.GetValueOrDefault(2) > 15 || perType.GetValueOrDefault(3) > 15 || perType.GetValueOrDefault(4) > 1)
        {
            errors.Add("", "APPLICATION_COMMANDS_TOO_MANY", "Maximum number of USER (15), MESSAGE (15) or PRIMARY_ENTRY_POINT (1) commands reached");
        }

        return errors.ToError();
    }

    private static void Name(string? name, string path, FormErrors errors)
    {
        if (name is null)
        {
            errors.Required(path);
        }
        else if (!ChatInputName().IsMatch(name))
        {
            errors.Add(path, "APPLICATION_COMMAND_INVALID_NAME", $"Command name is invalid: \"{name}\" must match ^[-_'\\p{{L}}\\p{{N}}\\p{{sc=Deva}}\\p{{sc=Thai}}]{{1,32}}$");
        }
        else if (!string.Equals(name, name.ToLowerInvariant(), StringComparison.Ordinal))
        {
            errors.Add(path, "APPLICATION_COMMAND_INVALID_NAME", $"Command name is invalid: \"{name}\" must be lowercase");
        }
    }

    private static void Options(JsonNode? node, string path, FormErrors errors, int depth)
    {
        if (node is null || node.GetValueKind() == JsonValueKind.Null)
        {
            return;
        }

        if (node is not JsonArray options)
        {
            errors.Add(path, "BASE_TYPE_ARRAY", "Must be an array.");
            return;
        }

        if (options.Count > 25)
        {
            errors.MaxLength(path, 25);
        }

        bool seenOptional = false;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < options.Count; i++)
        {
            string at = path + "." + i;
            if (options[i] is not JsonObject option)
            {
                errors.Add(at, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
                continue;
            }

            if (!FakeDiscordValidation.TryLong(option["type"], out long type) || type is < 1 or > 11)
            {
                errors.Add(at + ".type", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.");
                continue;
            }

            string? name = FakeDiscordValidation.String(option["name"]);
            Name(name, at + ".name", errors);
            if (name is not null && !names.Add(name))
            {
                errors.Add(at + ".name", "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique.");
            }

            FakeDiscordValidation.Required(option["description"], at + ".description", 1, 100, errors);
            if (type is 1 or 2)
            {
                if (depth >= 2 || (type == 2 && depth >= 1))
                {
                    errors.Add(at + ".type", "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-commands cannot be nested this deep.");
                }

                Options(option["options"], at + ".options", errors, depth + 1);
                continue;
            }

            bool required = option["required"] is JsonValue r && r.GetValueKind() == JsonValueKind.True;
            if (required && seenOptional)
            {
                errors.Add(at + ".required", "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options");
            }

            seenOptional |= !required;
            if (option["choices"] is JsonArray choices)
            {
                if (choices.Count > 25)
                {
                    errors.MaxLength(at + ".choices", 25);
                }

                if (choices.Count > 0 && option["autocomplete"] is JsonValue a && a.GetValueKind() == JsonValueKind.True)
                {
                    errors.Add(at + ".autocomplete", "APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE", "Autocomplete cannot be set with choices.");
                }

                for (int j = 0; j < choices.Count; j++)
                {
                    string cat = at + ".choices." + j;
                    FakeDiscordValidation.Required(choices[j]?["name"], cat + ".name", 1, 100, errors);
                    var value = choices[j]?["value"];
                    if (type == 3)
                    {
                        FakeDiscordValidation.Required(value, cat + ".value", 1, 100, errors);
                    }
                    else if (value is null || value.GetValueKind() != JsonValueKind.Number)
                    {
                        errors.Add(cat + ".value", "BASE_TYPE_NUMBER", "Must be a number.");
                    }
                }
            }

            foreach (string bound in new[] { "min_length", "max_length" })
            {
                if (option[bound] is { } b && (!FakeDiscordValidation.TryLong(b, out long n) || n is < 0 or > 6000))
                {
                    errors.Add(at + "." + bound, "NUMBER_TYPE_MAX", "Must be between 0 and 6000.");
                }
            }
        }
    }

    /// <summary>Which callback types each interaction type accepts (1 PONG … 9 MODAL).</summary>
    private static readonly Dictionary<int, int[]> AllowedResponses = new()
    {
        [1] = [1],
        [2] = [4, 5, 9],
        [3] = [4, 5, 6, 7, 9],
        [4] = [8],
        [5] = [4, 5, 6, 7],
    };

    /// <summary>Validates an interaction response object for an interaction of <paramref name="interactionType"/>.</summary>
    public static FakeDiscordError? Response(JsonObject response, int interactionType)
    {
        var errors = new FormErrors();
        if (!FakeDiscordValidation.TryLong(response["type"], out long type)
            || !AllowedResponses.GetValueOrDefault(interactionType, []).Contains((int)type))
        {
            errors.Add("type", "INTERACTION_RESPONSE_TYPE_INVALID", $"Response type {response["type"]?.ToJsonString() ?? "null"} is not valid for interaction type {interactionType}.");
            return errors.ToError();
        }

        var data = response["data"] as JsonObject;
        switch (type)
        {
            case 4:
                return data is null ? FakeDiscordError.EmptyMessage() : FakeDiscordValidation.Message(data, "data", requireSomething: true, FakeDiscordValidation.InteractionMessageFlags);
            case 7:
                return data is null ? null : FakeDiscordValidation.Message(data, "data", requireSomething: false, FakeDiscordValidation.InteractionMessageFlags);
            case 5:
                if (data is not null && data["flags"] is { } flags && flags.GetValueKind() != JsonValueKind.Null
                    && (!FakeDiscordValidation.TryLong(flags, out long f) || (f & ~64L) != 0))
                {
                    errors.Add("data.flags", "INTERACTION_RESPONSE_FLAGS_INVALID", "Only EPHEMERAL (64) may be set when deferring.");
                }

                break;
            case 8:
                if (data?["choices"] is not JsonArray choices)
                {
                    errors.Required("data.choices");
                    break;
                }

                if (choices.Count > 25)
                {
                    errors.MaxLength("data.choices", 25);
                }

                for (int j = 0; j < choices.Count; j++)
                {
                    FakeDiscordValidation.Required(choices[j]?["name"], $"data.choices.{j}.name", 1, 100, errors);
                    if (choices[j]?["value"] is { } v && v.GetValueKind() == JsonValueKind.String)
                    {
                        FakeDiscordValidation.Required(v, $"data.choices.{j}.value", 1, 100, errors);
                    }
                }

                break;
            case 9:
                if (data is null)
                {
                    errors.Required("data");
                    break;
                }

                FakeDiscordValidation.Required(data["custom_id"], "data.custom_id", 1, 100, errors);
                FakeDiscordValidation.Required(data["title"], "data.title", 1, 45, errors);
                if (data["components"] is not JsonArray { Count: >= 1 and <= 5 })
                {
                    errors.BadLength("data.components", 1, 5);
                }

                break;
        }

        return errors.ToError();
    }
}
