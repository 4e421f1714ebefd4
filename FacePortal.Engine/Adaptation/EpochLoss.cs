namespace FacePortal.Engine.Adaptation;

/// <summary>One finished epoch: its number (from 1), phase ("softmax", "center" or "triplet"), mean batch loss, optimiser steps so far.</summary>
public sealed record EpochLoss(int Epoch, string Phase, double Loss, long Step);
