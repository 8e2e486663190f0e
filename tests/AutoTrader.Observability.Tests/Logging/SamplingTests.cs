using AutoTrader.Observability.Logging;

namespace AutoTrader.Observability.Tests.Logging;

public sealed class SamplingTests
{
    [Fact]
    public void Debug_and_info_are_kept_at_the_rate_and_warnings_never_dropped()
    {
        const int n = 20_000;
        using var capture = new LogCapture(o =>
        {
            o.Logging.Sampling.Enabled = true;
            o.Logging.Sampling.Rate = 0.25;
        });
        var logger = capture.Logger();
        for (var i = 0; i < n; i++)
        {
            logger.Info("noisy");
            logger.Warning("important");
            logger.Error("bad");
        }

        var levels = capture.Lines().GroupBy(l => l.Str("level")).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(n, levels["WARNING"]);
        Assert.Equal(n, levels["ERROR"]);

        // Binomial(n, 0.25): sd = sqrt(n p (1-p)) ~ 61; allow 6 sd.
        Assert.InRange(levels["INFO"], (n / 4) - 370, (n / 4) + 370);
        Assert.Equal(n - levels["INFO"], capture.Provider.Statistics.SampledOut);
    }

    [Fact]
    public void Without_sampling_every_event_is_kept()
    {
        using var capture = new LogCapture(o => o.Logging.Sampling.Rate = 0.0);
        for (var i = 0; i < 100; i++)
        {
            capture.Logger().Debug("kept");
        }

        Assert.Equal(100, capture.Lines().Count);
    }
}
