#!/usr/bin/env bash
# 1:N search, embedded vs silo processes on this machine, figures for docs/BENCHMARKS.md (printed, not asserted;
# the one assertion: no query fails while a silo is SIGKILLed under load):
#   for each size in BENCH_ROWS (default 100000): real face-api descriptors of BENCH_LFW LFW images (default 400) plus
#   random ones of the same norm, 10 images per identity; the embedded index (exact, then approximate when the size
#   reaches BENCH_APPROXIMATE_ABOVE, default 50000 as the portal); then BENCH_SILOS silo processes (default "1,3",
#   `FacePortal.Web silo` on 127.0.0.1, ports from BENCH_PORT=21111, gateways +10000) with BENCH_SHARDS shards
#   (default 8): load time, p50/p95, queries/s, RSS per silo, recall@10 vs exact; with 3 silos the last one is
#   SIGKILLed 5 s into 25 s of two query loops (BENCH_KILL=0 skips it).
#   BENCH_SNAPSHOTS (default "on"): shard snapshot files per cluster run, e.g. "off,on,on" (the first "on" run writes
#   them from the database, the next starts from them); the folder is emptied before the first run of each size.
#   scripts/bench-cluster.sh
#   BENCH_ROWS=100000,400000 BENCH_SILOS=3 scripts/bench-cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${BENCH_DIR:-$root/.bench}/cluster
mkdir -p "$out"
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); start $(date -u +%H:%M) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/summary.txt"
dotnet build FacePortal.sln -c Release 2>&1 | grep -E " error |rror\(s\)" || true
dotnet test FacePortal.Tests -c Release --no-build --filter "Category=Benchmark&FullyQualifiedName~ClusterBenchmarks" \
  --logger "console;verbosity=detailed" > "$out/run.log" 2>&1 || { tail -60 "$out/run.log"; exit 1; }
grep -o 'BENCH .*' "$out/run.log" | sed 's/^BENCH //' | tee -a "$out/summary.txt"
echo "end $(date -u +%H:%M) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/summary.txt"
