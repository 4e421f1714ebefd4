namespace FacePortal.Engine.Alignment;

/// <summary>A point in double precision (x = column, y = row, pixel centres at integers as in dlib).</summary>
public readonly record struct PointD(double X, double Y);
