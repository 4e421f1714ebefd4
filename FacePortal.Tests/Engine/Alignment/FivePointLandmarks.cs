using System.Numerics;
using FacePortal.Engine.Alignment;

namespace FacePortal.Tests.Engine.Alignment;

/// <summary>68 landmarks whose five alignment points (eye centres, nose tip, mouth corners) are the given ones.</summary>
internal static class FivePointLandmarks
{
    public static Vector2[] From(IReadOnlyList<PointD> five)
    {
        var points = Enumerable.Range(0, 68).Select(i => new Vector2(-1000 - i, 5000 + i)).ToArray();
        static Vector2 V(PointD p) => new((float)p.X, (float)p.Y);
        for (var i = 36; i < 42; i++)
        {
            points[i] = V(five[0]);
        }
        for (var i = 42; i < 48; i++)
        {
            points[i] = V(five[1]);
        }
        points[30] = V(five[2]);
        points[48] = V(five[3]);
        points[54] = V(five[4]);
        return points;
    }
}
