#!/usr/bin/env bash
# HNSW build time, figures for docs/BENCHMARKS.md (printed, not asserted): the USearch binding's row-by-row Add (the
# old build, capacity grown one row per call) against ApproximateIndex.Build (reserved once, rows added on every core)
# at BENCH_HNSW_REFERENCE_ROWS (default 20000), median of 3 each, then Build alone at BENCH_HNSW_ROWS (default 100000).
#   scripts/bench-hnsw-build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores; start $(date -u +%H:%M) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build FacePortal.sln -c Release 2>&1 | grep -E " error |rror\(s\)" || true
dotnet test FacePortal.Tests -c Release --no-build --filter "Category=Benchmark&FullyQualifiedName~ApproximateIndexBenchmarks" \
  --logger "console;verbosity=detailed" 2>&1 | grep -o 'BENCH .*' | sed 's/^BENCH //'
echo "end $(date -u +%H:%M) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
