#!/usr/bin/env bash
# What the Torch build switch (-p:FacePortalTorch=true) adds to a clean machine: restore time into an empty NuGet
# cache, the cache's size, build time and the size of the build output, with the default build measured in the same
# script as the reference (run in turn, RUNS times each; medians and torch/default ratios printed).
# Usage: scripts/bench-torch-cost.sh [RUNS]   (default 3; needs patchelf and g++ for the Torch build's load fix)
set -euo pipefail
runs=${1:-3}
repo="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d /tmp/fp-torch-cost-XXXXXX)
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/main"
cd "$work/main"

declare -A restore build cache output
for run in $(seq 1 "$runs"); do
  for variant in default torch; do
    git clean -xfdq
    rm -rf "$work/nuget"
    prop=()
    [ "$variant" = torch ] && prop=(-p:FacePortalTorch=true)
    start=$(date +%s.%N)
    NUGET_PACKAGES="$work/nuget" dotnet restore FacePortal.sln "${prop[@]}" >/dev/null
    mid=$(date +%s.%N)
    NUGET_PACKAGES="$work/nuget" dotnet build FacePortal.sln -c Release --no-restore "${prop[@]}" >/dev/null
    end=$(date +%s.%N)
    restore[$variant]+="$(printf '%.1f' "$(echo "$mid - $start" | bc)") "
    build[$variant]+="$(printf '%.1f' "$(echo "$end - $mid" | bc)") "
    cache[$variant]+="$(du -sm "$work/nuget" | cut -f1) "
    output[$variant]+="$(du -smc FacePortal.Web/bin FacePortal.Tests/bin FacePortal.Engine/bin | tail -1 | cut -f1) "
    echo "run $run $variant: restore and build done" >&2
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "Torch build cost, $runs runs each, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "| measure | default build | Torch build | Torch / default | per run (default; Torch) |"
echo "|---|---|---|---|---|"
row() {
  local name=$1 unit=$2; local -n values=$3
  local d t
  d=$(echo "${values[default]}" | median); t=$(echo "${values[torch]}" | median)
  printf '| %s | %s %s | %s %s | %.2fx | %s; %s |\n' "$name" "$d" "$unit" "$t" "$unit" "$(echo "$t / $d" | bc -l)" "${values[default]% }" "${values[torch]% }"
}
row "restore into an empty NuGet cache" s restore
row "NuGet cache after restore" MB cache
row "build (Release, after restore)" s build
row "build output (Engine, Web, Tests bin)" MB output
