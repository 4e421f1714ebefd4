namespace FacePortal.Engine.Curation;

/// <summary>An undirected link between two faces closer than a clustering threshold.</summary>
public readonly record struct NeighbourEdge(int A, int B, double Distance);
