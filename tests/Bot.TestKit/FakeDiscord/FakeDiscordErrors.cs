using System.Text.Json.Nodes;

namespace PolicyBot.TestKit.FakeDiscord;

/// <summary>A refusal in Discord's shape: HTTP status plus <c>{"code":…,"message":…,"errors"?:…}</c>.</summary>
internal sealed record FakeDiscordError(int Status, int Code, string Message, JsonObject? Errors = null)
{
    public JsonObject ToJson()
    {
        var body = new JsonObject { ["message"] = Message, ["code"] = Code };
        if (Errors is not null)
        {
            body["errors"] = Errors.DeepClone();
        }

        return body;
    }

    public static FakeDiscordError Unauthorized() => new(401, 0, "401: Unauthorized");

    public static FakeDiscordError UnknownChannel() => new(404, 10003, "Unknown Channel");

    public static FakeDiscordError UnknownMessage() => new(404, 10008, "Unknown Message");

    public static FakeDiscordError UnknownWebhook() => new(404, 10015, "Unknown Webhook");

    public static FakeDiscordError UnknownInteraction() => new(404, 10062, "Unknown interaction");

    public static FakeDiscordError UnknownApplication() => new(404, 10002, "Unknown Application");

    public static FakeDiscordError AlreadyAcknowledged() => new(400, 40060, "Interaction has already been acknowledged.");

    public static FakeDiscordError MissingAccess() => new(403, 50001, "Missing Access");

    public static FakeDiscordError EmptyMessage() => new(400, 50006, "Cannot send an empty message");

    public static FakeDiscordError InvalidWebhookToken() => new(401, 50027, "Invalid Webhook Token");
}

/// <summary>Collects field errors by path ("embeds.0.title") and renders Discord's 50035 "Invalid Form Body".</summary>
internal sealed class FormErrors
{
    private readonly List<(string Path, string Code, string Message)> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(string path, string code, string message) => _errors.Add((path, code, message));

    public void MaxLength(string path, int max) => Add(path, "BASE_TYPE_MAX_LENGTH", $"Must be {max} or fewer in length.");

    public void BadLength(string path, int min, int max) => Add(path, "BASE_TYPE_BAD_LENGTH", $"Must be between {min} and {max} in length.");

    public void Required(string path) => Add(path, "BASE_TYPE_REQUIRED", "This field is required");

    public FakeDiscordError? ToError()
    {
        if (!Any)
        {
            return null;
        }

        var root = new JsonObject();
        foreach (var (path, code, message) in _errors)
        {
            JsonObject node = root;
            foreach (string part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                if (node[part] is not JsonObject child)
                {
                    node[part] = child = new JsonObject();
                }

                node = child;
            }

            if (node["_errors"] is not JsonArray list)
            {
                node["_errors"] = list = [];
            }

            list.Add(new JsonObject { ["code"] = code, ["message"] = message });
        }

        return new FakeDiscordError(400, 50035, "Invalid Form Body", root);
    }

    public static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;
}
