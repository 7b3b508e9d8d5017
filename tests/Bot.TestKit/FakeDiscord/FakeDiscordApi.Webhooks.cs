using System.Text.Json.Nodes;

namespace PolicyBot.TestKit.FakeDiscord;

/// <summary>
/// The interaction webhook routes (protocols.md §1.5): @original and follow-ups, token in the URL, no bot auth.
/// Refusals: an application id other than this fake's → 404 10015; a token the fake never issued or older than
/// <see cref="FakeDiscordOptions.TokenLifetime"/> → 401 50027; no accepted initial response yet → 404 10015
/// (this fake's choice); an unknown message id → 404 10008.
/// </summary>
public sealed partial class FakeDiscordApi
{
    private Reply Webhook(string method, string app, string token, string? messageId, JsonNode? body)
    {
        if (app != ApplicationId)
        {
            return Reply.Of(FakeDiscordError.UnknownWebhook());
        }

        if (!_byToken.TryGetValue(token, out var record))
        {
            return Reply.Of(FakeDiscordError.InvalidWebhookToken());
        }

        var now = Now;
        if (now - record.DeliveredAt > _options.TokenLifetime)
        {
            return Fail(record, FakeDiscordError.InvalidWebhookToken());
        }

        if (!record.Acknowledged)
        {
            return Fail(record, FakeDiscordError.UnknownWebhook());
        }

        if (method is "POST" or "PATCH")
        {
            if (body is not JsonObject)
            {
                var errors = new FormErrors();
                errors.Add("", "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
                return Fail(record, errors.ToError()!);
            }

            if (FakeDiscordValidation.Message(body.AsObject(), "", requireSomething: method == "POST", FakeDiscordValidation.InteractionMessageFlags) is { } invalid)
            {
                return Fail(record, invalid);
            }
        }

        Reply? reply = null;
        record.Update(s =>
        {
            if (method == "POST")
            {
                var data = body!.AsObject();
                s.Pings.AddRange(FakeDiscordMentions.Compute(data, channelMessage: false));
                if (record.AwaitingDeferredEdit && s.Original is not null)
                {
                    // Back-compat rule: the first follow-up after a type-5 deferral edits the loading message.
                    record.AwaitingDeferredEdit = false;
                    ApplyEdit(s.Original, data, now);
                    s.Edits.Add(data.DeepClone().AsObject());
                    reply = Reply.Json(s.Original.DeepClone());
                    return;
                }

                string channel = FakeDiscordValidation.String(record.Payload["channel_id"]) ?? "0";
                var message = MessageObject(NewSnowflake(), channel, data, now, channelMessage: false);
                message["webhook_id"] = ApplicationId;
                s.Followups.Add(message);
                reply = Reply.Json(message.DeepClone());
                return;
            }

            bool original = messageId == "@original" || (s.Original is not null && s.Original["id"]?.GetValue<string>() == messageId);
            int followup = original ? -1 : s.Followups.FindIndex(m => m["id"]?.GetValue<string>() == messageId);
            JsonObject? target = original ? s.Original : followup >= 0 ? s.Followups[followup] : null;
            if (target is null)
            {
                var error = FakeDiscordError.UnknownMessage();
                s.ErrorCodes.Add(error.Code);
                reply = Reply.Of(error);
                return;
            }

            switch (method)
            {
                case "GET":
                    reply = Reply.Json(target.DeepClone());
                    break;
                case "PATCH":
                    var edit = body!.AsObject();
                    ApplyEdit(target, edit, now);
                    s.Pings.AddRange(FakeDiscordMentions.Compute(edit, channelMessage: false));
                    if (original)
                    {
                        record.AwaitingDeferredEdit = false;
                        s.Edits.Add(edit.DeepClone().AsObject());
                    }

                    reply = Reply.Json(target.DeepClone());
                    break;
                default:
                    if (original)
                    {
                        s.Original = null;
                        record.AwaitingDeferredEdit = false;
                    }
                    else
                    {
                        s.Followups.RemoveAt(followup);
                    }

                    reply = Reply.NoContent;
                    break;
            }
        });
        return reply!;
    }
}
