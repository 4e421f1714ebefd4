#!/usr/bin/env bash
# Verify / identify figures for docs/BENCHMARKS.md, printed (nothing is asserted):
#   1. in-process (xunit, Category=Benchmark): verify of two 250x250 LFW images (median of 50), 1:N search over
#      100,000 descriptors, exact and approximate (USearch) with recall@10;
#   2. a bounded loopback load test: the portal on 127.0.0.1, CLIENTS concurrent curl loops for SECONDS seconds
#      (at most MAX_PER_CLIENT requests each) against POST /api/verify: requests, errors, throughput, p50/p95.
#   scripts/bench-verify.sh                 both
#   SKIP_INPROCESS=1 scripts/bench-verify.sh  load test only
# Needs the .NET SDK, curl and the face-api models (fetched on first use); LFW in ../shared when present.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${BENCH_DIR:-$root/.bench}/verify
mkdir -p "$out"
clients=${CLIENTS:-20}
seconds=${SECONDS_LOAD:-30}
max_per_client=${MAX_PER_CLIENT:-2000}
port=${PORT:-5199}
models=${MODELS_DIR:-${TMPDIR:-/tmp}/faceportal-test-models}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')" | tee "$out/summary.txt"

if [ -z "${SKIP_INPROCESS:-}" ]; then
  echo "in-process: dotnet test FacePortal.Tests -c Release --filter Category=Benchmark" >&2
  dotnet test FacePortal.Tests -c Release --filter "Category=Benchmark" --logger "console;verbosity=detailed" > "$out/inprocess.log" 2>&1 \
    || { tail -50 "$out/inprocess.log"; exit 1; }
  grep -o 'BENCH .*' "$out/inprocess.log" | sed 's/^BENCH //' | tee -a "$out/summary.txt"
fi

# Two 250x250 images of one person (LFW), else face-api's demo portraits.
lfw=$root/../shared/datasets/lfw/images
if [ -d "$lfw/Colin_Powell" ]; then
  img_a=$lfw/Colin_Powell/Colin_Powell_0001.jpg; img_b=$lfw/Colin_Powell/Colin_Powell_0002.jpg
else
  img_a=$models/face-api-1.7.15/demo/sample2.jpg; img_b=$models/face-api-1.7.15/demo/sample3.jpg
fi

dotnet build FacePortal.Web -c Release -nologo -v q >/dev/null
data=$(mktemp -d)
key=bench-$RANDOM$RANDOM
FACEPORTAL_FacePortal__DataDirectory=$data \
FACEPORTAL_FacePortal__Engine__Models__ModelsDirectory=$models \
FACEPORTAL_FacePortal__ApiKeys__0=$key \
FACEPORTAL_FacePortal__Admin__Email=bench@localhost FACEPORTAL_FacePortal__Admin__Password=Bench-Password-1 \
  dotnet run --project FacePortal.Web -c Release --no-build -- --urls "http://127.0.0.1:$port" > "$out/portal.log" 2>&1 &
portal=$!
trap 'kill $portal 2>/dev/null || true; wait $portal 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/health" | grep -q '"status":"ok"' && break
  sleep 1
done
curl -sf "http://127.0.0.1:$port/health" | grep -q '"status":"ok"' || { echo "the portal did not start; see $out/portal.log" >&2; exit 1; }
verify() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "X-Api-Key: $key" -F "a=@$img_a" -F "b=@$img_b" "http://127.0.0.1:$port/api/verify"; }
for _ in 1 2 3 4 5; do verify >/dev/null; done

echo "load: $clients clients x ${seconds}s (at most $max_per_client requests each) -> POST /api/verify $(basename "$img_a") $(basename "$img_b")" | tee -a "$out/summary.txt"
rm -f "$out"/client-*.txt
start=$(date +%s.%N)
deadline=$(( $(date +%s) + seconds ))
pids=()
for c in $(seq 1 "$clients"); do
  ( n=0; while [ "$(date +%s)" -lt "$deadline" ] && [ "$n" -lt "$max_per_client" ]; do verify >> "$out/client-$c.txt"; n=$((n + 1)); done ) &
  pids+=($!)
done
wait "${pids[@]}"
end=$(date +%s.%N)
# Sorted by latency, so the percentiles are plain indexes.
cat "$out"/client-*.txt | sort -k2 -g > "$out/load.txt"
awk -v start="$start" -v end="$end" '
  { n++; if ($1 != "200") errors++; t[n] = $2 }
  END {
    p50 = t[int(0.5 * n + 0.5)]; p95 = t[int(0.95 * n + 0.5)];
    printf "load: %d requests in %.1f s, %d errors, %.1f requests/s, p50 %.0f ms, p95 %.0f ms, max %.0f ms\n",
      n, end - start, errors, n / (end - start), p50 * 1000, p95 * 1000, t[n] * 1000
  }' "$out/load.txt" | tee -a "$out/summary.txt"
