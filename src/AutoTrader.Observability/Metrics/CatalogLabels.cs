namespace AutoTrader.Observability.Metrics;

// The label tuples of the catalog's families (MetricCatalog), one per label set.

/// <summary><c>token_symbol</c>.</summary>
internal readonly record struct TokenLabels(string TokenSymbol) : ILabelTuple
{
    public void Write(ref LabelWriter labels) => labels.Add("token_symbol", TokenSymbol);
}

/// <summary><c>token_symbol</c>, <c>status</c>.</summary>
internal readonly record struct TokenStatusLabels(string TokenSymbol, string Status) : ILabelTuple
{
    public void Write(ref LabelWriter labels) => labels.Add("token_symbol", TokenSymbol).Add("status", Status);
}

/// <summary><c>token_symbol</c>, <c>error_type</c>.</summary>
internal readonly record struct TokenErrorLabels(string TokenSymbol, string ErrorType) : ILabelTuple
{
    public void Write(ref LabelWriter labels) => labels.Add("token_symbol", TokenSymbol).Add("error_type", ErrorType);
}

/// <summary><c>token_symbol</c>, <c>flag_reason</c>.</summary>
internal readonly record struct TokenFlagLabels(string TokenSymbol, string FlagReason) : ILabelTuple
{
    public void Write(ref LabelWriter labels) => labels.Add("token_symbol", TokenSymbol).Add("flag_reason", FlagReason);
}

/// <summary><c>source</c>, <c>endpoint</c>.</summary>
internal readonly record struct SourceLabels(string Source, string Endpoint) : ILabelTuple
{
    public void Write(ref LabelWriter labels) => labels.Add("source", Source).Add("endpoint", Endpoint);
}

/// <summary><c>source</c>, <c>endpoint</c>, <c>status</c>.</summary>
internal readonly record struct SourceStatusLabels(string Source, string Endpoint, string Status) : ILabelTuple
{
    public void Write(ref LabelWriter labels) => labels.Add("source", Source).Add("endpoint", Endpoint).Add("status", Status);
}

/// <summary><c>source</c>, <c>endpoint</c>, <c>error_type</c>.</summary>
internal readonly record struct SourceErrorLabels(string Source, string Endpoint, string ErrorType) : ILabelTuple
{
    public void Write(ref LabelWriter labels) => labels.Add("source", Source).Add("endpoint", Endpoint).Add("error_type", ErrorType);
}

/// <summary><c>method</c>, <c>endpoint</c>.</summary>
internal readonly record struct RouteLabels(string Method, string Endpoint) : ILabelTuple
{
    public void Write(ref LabelWriter labels) => labels.Add("method", Method).Add("endpoint", Endpoint);
}

/// <summary><c>method</c>, <c>endpoint</c>, <c>status_code</c>.</summary>
internal readonly record struct RouteStatusLabels(string Method, string Endpoint, string StatusCode) : ILabelTuple
{
    public void Write(ref LabelWriter labels) => labels.Add("method", Method).Add("endpoint", Endpoint).Add("status_code", StatusCode);
}

/// <summary><c>method</c>, <c>endpoint</c>, <c>error_type</c>.</summary>
internal readonly record struct RouteErrorLabels(string Method, string Endpoint, string ErrorType) : ILabelTuple
{
    public void Write(ref LabelWriter labels) => labels.Add("method", Method).Add("endpoint", Endpoint).Add("error_type", ErrorType);
}

/// <summary><c>provider</c>, <c>model</c>.</summary>
internal readonly record struct ModelLabels(string Provider, string Model) : ILabelTuple
{
    public void Write(ref LabelWriter labels) => labels.Add("provider", Provider).Add("model", Model);
}

/// <summary><c>provider</c>, <c>model</c>, <c>status</c>.</summary>
internal readonly record struct ModelStatusLabels(string Provider, string Model, string Status) : ILabelTuple
{
    public void Write(ref LabelWriter labels) => labels.Add("provider", Provider).Add("model", Model).Add("status", Status);
}

/// <summary><c>provider</c>, <c>model</c>, <c>token_type</c>.</summary>
internal readonly record struct ModelTokenLabels(string Provider, string Model, string TokenType) : ILabelTuple
{
    public void Write(ref LabelWriter labels) => labels.Add("provider", Provider).Add("model", Model).Add("token_type", TokenType);
}
