#!/usr/bin/env bash
# Memory under load (issue 10, item 7), printed for docs/BENCHMARKS.md (nothing is asserted): the portal on 127.0.0.1
# twice, in one script so the figures compare: first with the analysis memory budget out of the way ("unbounded", as
# before the budget existed), then with the default FacePortal:Analysis settings. Each time CLIENTS clients send
# PER_CLIENT large JPEGs (WIDTH x HEIGHT, an LFW face scaled up) to POST /api/embed at once, and the driver samples the
# portal's VmRSS: before, peak, and IDLE seconds after the load.
#   scripts/bench-memory.sh
#   CLIENTS=32 PER_CLIENT=1 scripts/bench-memory.sh
# Needs the .NET SDK and the face-api models (fetched on first use); LFW in ../shared (else face-api's demo portrait).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${BENCH_DIR:-$root/.bench}/memory
mkdir -p "$out"
clients=${CLIENTS:-24}
per_client=${PER_CLIENT:-2}
width=${WIDTH:-7200}
height=${HEIGHT:-5000}
idle=${IDLE:-20}
port=${PORT:-5198}
models=${MODELS_DIR:-${TMPDIR:-/tmp}/faceportal-test-models}
source=$root/../shared/datasets/lfw/images/Colin_Powell/Colin_Powell_0001.jpg
[ -f "$source" ] || source=$models/face-api-1.7.15/demo/sample2.jpg

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(lscpu | sed -n 's/^Model name: *//p')" | tee "$out/summary.txt"
dotnet build FacePortal.Web -c Release -nologo -v q >/dev/null
dotnet build bench/MemoryLoad -c Release -nologo -v q >/dev/null

run() {
  local label=$1 budget=$2
  local data key portal
  data=$(mktemp -d)
  key=bench-$RANDOM$RANDOM
  env FACEPORTAL_FacePortal__DataDirectory=$data \
  FACEPORTAL_FacePortal__Engine__Models__ModelsDirectory=$models \
  FACEPORTAL_FacePortal__ApiKeys__0=$key \
  FACEPORTAL_FacePortal__Admin__Email=bench@localhost FACEPORTAL_FacePortal__Admin__Password=Bench-Password-1 \
    ${budget:+FACEPORTAL_FacePortal__Analysis__MemoryBudgetMegabytes=$budget} \
    "$root/FacePortal.Web/bin/Release/net10.0/linux-x64/FacePortal.Web" --urls "http://127.0.0.1:$port" > "$out/portal-$label.log" 2>&1 &
  portal=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/health" | grep -q '"status":"ok"' && break
    sleep 1
  done
  dotnet bench/MemoryLoad/bin/Release/net10.0/linux-x64/MemoryLoad.dll --url "http://127.0.0.1:$port" --key "$key" --pid "$portal" \
    --source "$source" --width "$width" --height "$height" --clients "$clients" --per-client "$per_client" --idle "$idle" --label "$label" \
    | tee -a "$out/summary.txt" || true
  kill "$portal" 2>/dev/null || true
  wait "$portal" 2>/dev/null || true
  rm -rf "$data"
}

run unbounded 1000000
run default ""
