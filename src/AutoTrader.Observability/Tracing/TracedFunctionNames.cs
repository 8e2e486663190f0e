using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace AutoTrader.Observability.Tracing;

/// <summary>Default span names of traced functions: <c>DeclaringType.Method</c>.</summary>
internal static class TracedFunctionNames
{
    private static readonly ConcurrentDictionary<(MethodInfo Method, string Caller), string> Cache = new();

    /// <summary>
    /// A method group names itself (<c>CoinGeckoClient.FetchAsync</c>); a lambda is compiled into a
    /// hidden closure type, so it takes the type that declares the lambda and the calling member
    /// (<c>TokenScanner.ScanAsync</c>). Computed once per method.
    /// </summary>
    public static string Of(Delegate function, string caller) =>
        Cache.GetOrAdd((function.Method, caller), static key => Compute(key.Method, key.Caller));

    private static string Compute(MethodInfo method, string caller)
    {
        var type = method.DeclaringType;
        var generated = IsCompilerGenerated(method);
        while (type is not null && IsCompilerGenerated(type) && type.DeclaringType is not null)
        {
            type = type.DeclaringType;
            generated = true;
        }

        var member = generated ? caller : method.Name;
        return type is null ? member : $"{type.Name}.{member}";
    }

    private static bool IsCompilerGenerated(MemberInfo member) =>
        member.IsDefined(typeof(CompilerGeneratedAttribute)) || member.Name.Contains('<', StringComparison.Ordinal);
}
