namespace FacePortal.Web.Features.Evaluations;

/// <summary>One curve or bar series of a chart, already thinned for the browser.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Bars = false, bool Dashed = false, bool Markers = false);
