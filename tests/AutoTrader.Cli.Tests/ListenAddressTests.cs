using System.CommandLine;
using System.Net;
using AutoTrader.Cli.Commands;

namespace AutoTrader.Cli.Tests;

/// <summary>The <c>--address</c> of <c>serve</c> and <c>metrics-server</c>: one parser, the same forms for both.</summary>
public sealed class ListenAddressTests
{
    public static readonly TheoryData<string> ListeningCommands = ["serve", "metrics-server"];

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("localhost", "127.0.0.1")]
    [InlineData("LocalHost", "127.0.0.1")]
    [InlineData("::1", "::1")]
    [InlineData("::", "::")]
    public void Takes_an_ip_address_or_localhost(string text, string address)
    {
        Assert.Equal(IPAddress.Parse(address), ListenAddress.Parse(text));
    }

    [Theory]
    [InlineData("not-an-ip")]
    [InlineData("localhost:9090")]
    [InlineData("127.0.0.1:9090")]
    [InlineData("[::1]:9090")]
    [InlineData("example.com")]
    [InlineData("")]
    public void Refuses_names_and_addresses_with_a_port(string text)
    {
        Assert.Null(ListenAddress.Parse(text));
    }

    [Theory]
    [MemberData(nameof(ListeningCommands))]
    public void Both_listening_commands_take_localhost_and_default_to_the_loopback(string command)
    {
        Assert.Empty(Parse(command, "--address", "localhost").Errors);
        Assert.Empty(Parse(command).Errors);
    }

    [Theory]
    [MemberData(nameof(ListeningCommands))]
    public void Both_listening_commands_name_the_flag_and_the_forms_it_takes(string command)
    {
        var error = Assert.Single(Parse(command, "--address", "localhost:9090").Errors);

        Assert.StartsWith("--address 'localhost:9090' is not an IP address", error.Message, StringComparison.Ordinal);
        Assert.Contains("localhost", error.Message["--address 'localhost:9090'".Length..], StringComparison.Ordinal);
        Assert.Contains("without a port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_listens_on_localhost()
    {
        using var serve = new RunningServe(args: ["--address", "localhost"]);
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(serve.Api, "/alive"))).StatusCode);
        Assert.Contains($"\"api_endpoint\":\"http://127.0.0.1:{serve.ApiPort}/api/tokens\"", serve.Process.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_server_listens_on_localhost()
    {
        var port = FreePort.Next();
        using var server = AutotraderProcess.Start(["metrics-server", "--address", "localhost", "--port", port.ToString()]);

        Assert.True(server.WaitForOutput("metrics_server_started", TimeSpan.FromSeconds(30)), "metrics-server did not start: " + server.Stdout + server.Stderr);
        Assert.Contains($"\"endpoint\":\"http://127.0.0.1:{port}/metrics\"", server.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_refuses_an_address_with_a_port_with_exit_code_2()
    {
        using var p = AutotraderProcess.Run(["serve", "--address", "localhost:9090"]);

        Assert.Equal(2, p.ExitCode);
        Assert.Contains("--address 'localhost:9090' is not an IP address", p.Stderr, StringComparison.Ordinal);
        Assert.Empty(p.Stdout);
    }

    private static ParseResult Parse(params string[] args) =>
        new RootCommand { ServeCommand.Create(), MetricsServerCommand.Create() }.Parse(args);
}
