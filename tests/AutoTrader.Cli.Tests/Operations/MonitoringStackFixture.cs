namespace AutoTrader.Cli.Tests.Operations;

/// <summary>
/// One <see cref="MonitoringStack"/> for all tests of a class, started by the first test that finds
/// the tools (so a machine without them starts nothing) and stopped when the class is done.
/// </summary>
public sealed class MonitoringStackFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Task<MonitoringStack>? _stack;

    internal async Task<MonitoringStack> GetAsync(string prometheus, string alertmanager)
    {
        await _gate.WaitAsync();
        try
        {
            _stack ??= MonitoringStack.StartAsync(prometheus, alertmanager);
        }
        finally
        {
            _gate.Release();
        }

        return await _stack;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_stack is { IsCompletedSuccessfully: true })
        {
            await (await _stack).DisposeAsync();
        }

        _gate.Dispose();
    }
}
