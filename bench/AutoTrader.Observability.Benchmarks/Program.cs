using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/AutoTrader.Observability.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
