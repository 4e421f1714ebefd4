namespace FacePortal.Engine.Detection;

/// <summary>An axis-aligned box in original-image pixels (x = column, y = row), not rounded.</summary>
public readonly record struct FaceBox(double X, double Y, double Width, double Height)
{
    public double Right => X + Width;
    public double Bottom => Y + Height;
    public double Area => Width * Height;

    /// <summary>Intersection over union; 0 when the boxes do not overlap or both are empty.</summary>
    public double IoU(FaceBox other)
    {
        var w = Math.Max(0, Math.Min(Right, other.Right) - Math.Max(X, other.X));
        var h = Math.Max(0, Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y));
        var inter = w * h;
        var union = Area + other.Area - inter;
        return union > 0 ? inter / union : 0;
    }
}
