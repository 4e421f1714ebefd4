#!/usr/bin/env bash
# The import's CPU cost against `evaluate`'s on the same images, in CPU seconds (which a loaded, shared machine
# distorts far less than wall time), and where the import's time went (its stage log). In one fresh portal (empty data
# folder): a 4-image warm-up import (the engine loads), then imports in ORDER (default "A B C"): A = the first 300
# sorted LFW image files, B = the same again into a new gallery (its files and chips are found stored), C = the next 300.
# Then `evaluate --no-cache` (flip) on A's images, and on 3 of them (the start-up and model-loading cost to subtract).
#   scripts/bench-import-cpu.sh          (ORDER="A C", SKIP_BUILD=1, any DOTNET_* runtime variable passes through)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
lfw=$root/../shared/datasets/lfw/images
out=${BENCH_DIR:-$root/.bench/import-cpu}
mkdir -p "$out"
export FACEPORTAL_FacePortal__Engine__Models__ModelsDirectory=${MODELS_DIR:-$root/data/models}
[ -n "${SKIP_BUILD:-}" ] || dotnet build FacePortal.Web -c Release -nologo -v q >/dev/null
dll=
for f in FacePortal.Web/bin/Release/net*/*/FacePortal.Web.dll FacePortal.Web/bin/Release/net*/FacePortal.Web.dll; do
  [ -f "$f" ] && dll=$f && break
done
if [ ! -d "$out/A" ]; then
  python3 - "$lfw" "$out" <<'PY'
import os, shutil, sys
lfw, out = sys.argv[1], sys.argv[2]
files = sorted(os.path.join(p, f) for p in os.listdir(lfw) for f in os.listdir(os.path.join(lfw, p)))
for name, part in (("A", files[:300]), ("C", files[300:600]), ("warm", files[600:604])):
    for rel in part:
        os.makedirs(os.path.join(out, name, os.path.dirname(rel)), exist_ok=True)
        shutil.copyfile(os.path.join(lfw, rel), os.path.join(out, name, rel))
for name, part in (("A", files[:300]), ("tiny", files[:3])):
    with open(os.path.join(out, f"pairs-{name}.csv"), "w") as f:
        f.write("pathA,pathB,label\n")
        for a, b in zip(part, part[1:] + part[:1]):
            f.write(f"{a},{b},{int(a.split('/')[0] == b.split('/')[0])}\n")
PY
fi
data=$(mktemp -d /tmp/fp-bench-import-cpu-XXXX); key=bench-$RANDOM$RANDOM; port=${PORT:-5397}
FACEPORTAL_FacePortal__DataDirectory=$data FACEPORTAL_FacePortal__ApiKeys__0=$key FACEPORTAL_FacePortal__Import__ServerRoots__0=$out \
FACEPORTAL_FacePortal__Admin__Password=Bench-Password-1 dotnet "$dll" --urls http://127.0.0.1:$port > "$data/portal.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$data"' EXIT
api() { curl -sS -H "X-Api-Key: $key" -H 'Content-Type: application/json' "$@"; }
until curl -s http://127.0.0.1:$port/health | grep -q '"ok"'; do sleep 1; done
cpu() { awk '{print ($14 + $15) / 100}' /proc/$pid/stat; }  # user + system seconds of the portal
json() { python3 -c "import json,sys;print(json.load(sys.stdin)['$1'])"; }
imp() {
  local g j s t0 c0
  t0=$(date +%s.%N); c0=$(cpu)
  g=$(api -X POST http://127.0.0.1:$port/api/galleries -d "{\"name\":\"$2\"}" | json id)
  j=$(api -X POST http://127.0.0.1:$port/api/galleries/$g/import -d "{\"serverFolder\":\"$1\"}" | json jobId)
  while :; do s=$(api http://127.0.0.1:$port/api/jobs/$j | json state); [ "$s" = completed ] || [ "$s" = failed ] && break; sleep 0.3; done
  echo "import $2: wall $(echo "$(date +%s.%N) - $t0" | bc) s, portal CPU $(echo "$(cpu) - $c0" | bc) s, load $(cut -d' ' -f1 /proc/loadavg)"
}
imp "$out/warm" warm-up
for x in ${ORDER:-A B C}; do
  case $x in A|B) imp "$out/A" "$x";; C) imp "$out/C" C;; esac
done
grep -h "Import job" "$data/portal.log" | sed 's/^ *//'
kill $pid; wait $pid 2>/dev/null || true
for p in tiny A; do
  /usr/bin/time -f "%U %S" -o "$out/time-$p" dotnet "$dll" evaluate --images "$out/A" --pairs "$out/pairs-$p.csv" --json --no-cache > "$out/evaluate-$p.json" 2>/dev/null
  echo "evaluate on $p: CPU $(awk '{print $1 + $2}' "$out/time-$p") s, $(json images < "$out/evaluate-$p.json") images at $(json imagesPerSecond < "$out/evaluate-$p.json") images/s, load $(cut -d' ' -f1 /proc/loadavg)"
done
