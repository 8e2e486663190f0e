using AutoTrader.Observability.Logging;
using Microsoft.Extensions.Logging;

namespace AutoTrader.Observability.Tests.Logging;

public sealed class RedactionTests
{
    [Fact]
    public void Default_redact_fields_are_redacted_case_insensitively()
    {
        using var capture = new LogCapture();
        capture.Logger().Info("auth", ("api_key", "sk-1"), ("Password", "hunter2"), ("TOKEN", 123), ("secret", true), ("user", "bob"));

        var line = capture.Single();
        Assert.Equal("[REDACTED]", line.Str("api_key"));
        Assert.Equal("[REDACTED]", line.Str("Password"));
        Assert.Equal("[REDACTED]", line.Str("TOKEN"));
        Assert.Equal("[REDACTED]", line.Str("secret"));
        Assert.Equal("bob", line.Str("user"));
        Assert.DoesNotContain("hunter2", capture.RawLines()[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Bound_context_is_redacted_too()
    {
        using var capture = new LogCapture();
        capture.Logger().Bind(("api_key", "sk-live")).Info("call");

        Assert.Equal("[REDACTED]", capture.Single().Str("api_key"));
    }

    [Fact]
    public void Classic_ilogger_arguments_scopes_and_nested_dictionaries_are_redacted()
    {
        using var capture = new LogCapture();
        var logger = capture.Logger();
        using (logger.BeginScope(new Dictionary<string, object?> { ["password"] = "p1" }))
        {
            logger.LogInformation("Login with {Token}", "t1");
            logger.Info("nested", ("request", new Dictionary<string, object?> { ["secret"] = "s1", ["path"] = "/x" }));
        }

        var text = string.Join('\n', capture.RawLines());
        Assert.DoesNotContain("p1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("t1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s1", text, StringComparison.Ordinal);
        Assert.Contains("/x", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configured_list_replaces_the_default()
    {
        using var capture = new LogCapture(o => o.Logging.RedactFields = ["card_number"]);
        capture.Logger().Info("pay", ("card_number", "4111"), ("password", "visible-by-choice"));

        var line = capture.Single();
        Assert.Equal("[REDACTED]", line.Str("card_number"));
        Assert.Equal("visible-by-choice", line.Str("password"));
    }
}
