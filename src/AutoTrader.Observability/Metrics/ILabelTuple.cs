namespace AutoTrader.Observability.Metrics;

/// <summary>
/// The labels of a catalog family as one typed value: it writes each label as its name and its
/// value together (<see cref="LabelWriter.Add"/>), so that the family's label names, their order
/// and the values of a record all come from the same lines and cannot drift apart.
/// </summary>
internal interface ILabelTuple
{
    /// <summary>Writes every label, name and value, in the family's label order.</summary>
    void Write(ref LabelWriter labels);
}
