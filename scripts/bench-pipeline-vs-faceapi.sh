#!/usr/bin/env bash
# Side by side on one machine, on the same first N (default 1,000) sorted LFW images (the sorted unique images of
# pairs.txt, as `lfw.mjs --limit N` takes them):
#   1. face-api's own pipeline: ../shared/tools/faceapi-ref `node lfw.mjs --limit N --no-score --workers 2`
#      (tfjs-wasm; its figure includes worker start-up and model loading, as lfw.mjs reports it);
#   2. our `evaluate --no-cache` with flip (the default) on a pairs file over the same images (images/s of the
#      embedding, as evaluate reports it);
#   3. the portal's REST server-folder import of a copy of the same images (wall time from the job's creation to
#      its end: planning, hashing, storing, all faces with flip, chips and rows).
# Each run does all three in turn (so a change of load hits all of them); the figure is the median of the runs.
# The 1-minute load average before each measurement is recorded next to it: rely on the ratios.
#   scripts/bench-pipeline-vs-faceapi.sh [runs]          (default 3; BENCH_IMAGES=N, SKIP_FACEAPI=1, SKIP_BUILD=1)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
shared=$root/../shared
lfw=$shared/datasets/lfw
n=${BENCH_IMAGES:-1000}
runs=${1:-3}
out=${BENCH_DIR:-$root/.bench/pipeline}
mkdir -p "$out"
rm -f "$out/results.jsonl"
export FACEPORTAL_FacePortal__Engine__Models__ModelsDirectory=${MODELS_DIR:-$root/data/models}
portal() { dotnet run --project FacePortal.Web -c Release --no-build -- "$@"; }
load() { cut -d' ' -f1 /proc/loadavg; }
# CPU seconds (user + system, all threads) the portal process has used so far: its cost beside evaluate's `cpuSeconds`.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' /proc/$pid/stat; }

[ -n "${SKIP_BUILD:-}" ] || dotnet build FacePortal.Web -c Release -nologo -v q >/dev/null

# The images: the list, a pairs file over them (consecutive images; label = same identity) and a folder copy to import.
python3 - "$lfw" "$n" "$out" <<'PY'
import os, shutil, sys
lfw, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lines = [l.split() for l in open(os.path.join(lfw, "pairs.txt")).read().splitlines()[1:] if l.strip()]
name = lambda person, i: f"{person}/{person}_{int(i):04d}.jpg"
files = set()
for p in lines:
    if len(p) == 3: files |= {name(p[0], p[1]), name(p[0], p[2])}
    elif len(p) == 4: files |= {name(p[0], p[1]), name(p[2], p[3])}
files = sorted(files)[:n]
with open(os.path.join(out, "pairs.csv"), "w") as f:
    f.write("pathA,pathB,label\n")
    for a, b in zip(files, files[1:] + files[:1]):
        f.write(f"{a},{b},{int(a.split('/')[0] == b.split('/')[0])}\n")
copy = os.path.join(out, "images")
shutil.rmtree(copy, ignore_errors=True)
for rel in files:
    os.makedirs(os.path.join(copy, os.path.dirname(rel)), exist_ok=True)
    shutil.copyfile(os.path.join(lfw, "images", rel), os.path.join(copy, rel))
print(f"{len(files)} images, {len(files)} pairs", file=sys.stderr)
PY

ref=${FACEAPI_REF:-$root/.bench/faceapi-ref}
if [ -z "${SKIP_FACEAPI:-}" ] && [ ! -d "$ref/node_modules" ]; then
  rm -rf "$ref" && cp -r "$shared/tools/faceapi-ref" "$ref" && chmod -R u+w "$ref"
  (cd "$ref" && npm ci --silent)
fi

# The portal for the imports: a fresh one with an empty data folder for each run (idle while the other two run), so
# every measured import stores its files and chips (a second import of the same images into the same data folder
# finds them stored and skips that work).
key=bench-$RANDOM$RANDOM
port=5393
dll=
for f in FacePortal.Web/bin/Release/net*/*/FacePortal.Web.dll FacePortal.Web/bin/Release/net*/FacePortal.Web.dll; do
  [ -f "$f" ] && dll=$f && break
done
pid=
trap '[ -z "$pid" ] || kill $pid 2>/dev/null || true' EXIT
start_portal() {
  data=$(mktemp -d /tmp/fp-bench-pipeline-XXXX)
  FACEPORTAL_FacePortal__DataDirectory=$data \
  FACEPORTAL_FacePortal__ApiKeys__0=$key \
  FACEPORTAL_FacePortal__Import__ServerRoots__0=$out \
  FACEPORTAL_FacePortal__Admin__Password=Bench-Password-1 \
    dotnet "$dll" --urls http://127.0.0.1:$port > "$data/portal.log" 2>&1 &
  pid=$!  # the app itself (not `dotnet run`), so that stopping it frees the port for the next run's portal
  until curl -s http://127.0.0.1:$port/health | grep -q '"ok"'; do sleep 1; done
}
stop_portal() {
  kill $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  pid=
  while curl -s http://127.0.0.1:$port/health >/dev/null; do sleep 1; done
  # Where the import's time went, by stage (ImportBatches logs it at the end of each job).
  grep -h "Import job" "$data/portal.log" | sed 's/^ *//' >> "$out/import-stages.log" || true
  rm -rf "$data"
}
api() { curl -sS -H "X-Api-Key: $key" -H 'Content-Type: application/json' "$@"; }
# run_import <folder> <gallery name>: prints the job id once the job has ended.
run_import() {
  local gallery job state
  gallery=$(api -X POST http://127.0.0.1:$port/api/galleries -d "{\"name\":\"$2\"}" | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
  job=$(api -X POST http://127.0.0.1:$port/api/galleries/$gallery/import -d "{\"serverFolder\":\"$1\"}" | python3 -c 'import json,sys;print(json.load(sys.stdin)["jobId"])')
  while :; do
    # curl and grep only: a Python start per poll costs the machine's 2 cores more than the import's own writes.
    state=$(api http://127.0.0.1:$port/api/jobs/$job | grep -o '"state": *"[a-zA-Z]*"' | cut -d'"' -f4)
    [ "$state" = completed ] || [ "$state" = failed ] || [ "$state" = cancelled ] && break
    sleep 0.5
  done
  echo "$gallery $job"
}
# The engine loads on first use: one small import first in each portal, so every measured import finds it loaded.
first=$(ls "$out/images" | sed -n 1p)  # sed reads it all: head could SIGPIPE ls under pipefail
rm -rf "$out/warm-up" && mkdir -p "$out/warm-up" && cp -r "$out/images/$first" "$out/warm-up/"
rm -f "$out/import-stages.log"

for run in $(seq 1 "$runs"); do
  start_portal
  run_import "$out/warm-up" warm-up >/dev/null
  if [ -z "${SKIP_FACEAPI:-}" ]; then
    l=$(load); rm -f "$out/faceapi-$run".*
    echo "run $run: face-api (load $l)" >&2
    line=$(cd "$ref" && node lfw.mjs --lfw "$lfw" --limit "$n" --no-score --workers 2 --progress 100000 --cache "$out/faceapi-$run.jsonl" | grep 'computed')
    ips=$(echo "$line" | sed -E 's/.*= ([0-9.]+) images\/s.*/\1/')
    echo "{\"run\":$run,\"what\":\"faceapi\",\"imagesPerSecond\":$ips,\"load\":$l}" >> "$out/results.jsonl"
  fi

  l=$(load)
  echo "run $run: evaluate (load $l)" >&2
  portal evaluate --images "$lfw/images" --pairs "$out/pairs.csv" --json --no-cache > "$out/evaluate-$run.json"
  python3 -c "import json,sys;r=json.load(open(sys.argv[1]));print(json.dumps({'run':int(sys.argv[2]),'what':'evaluate','imagesPerSecond':r['imagesPerSecond'],'seconds':r['seconds'],'cpuSeconds':r['cpuSeconds'],'images':r['images'],'noFace':r['noFace'],'load':float(sys.argv[3])}))" \
    "$out/evaluate-$run.json" "$run" "$l" >> "$out/results.jsonl"

  l=$(load)
  echo "run $run: import (load $l)" >&2
  c0=$(cpu)
  read -r gallery job < <(run_import "$out/images" "bench $run")
  c1=$(cpu)
  api http://127.0.0.1:$port/api/jobs/$job > "$out/import-job-$run.json"
  api http://127.0.0.1:$port/api/galleries/$gallery > "$out/import-gallery-$run.json"
  python3 - "$out/import-job-$run.json" "$out/import-gallery-$run.json" "$run" "$l" "$c0" "$c1" >> "$out/results.jsonl" <<'PY'
import json, sys
from datetime import datetime
job, gallery, run, l = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), int(sys.argv[3]), float(sys.argv[4])
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
wall = (t(job["finishedAt"]) - t(job["createdAt"])).total_seconds()
print(json.dumps({"run": run, "what": "import", "state": job["state"], "imagesPerSecond": job["done"] / wall, "seconds": wall,
                  "cpuSeconds": float(sys.argv[6]) - float(sys.argv[5]),
                  "images": job["done"], "faces": gallery["faces"], "outcomes": gallery.get("outcomes"), "load": l}))
PY
  stop_portal
done
cat "$out/import-stages.log" >&2

python3 - "$out/results.jsonl" "$n" <<'PY'
import json, sys, statistics
rows = [json.loads(l) for l in open(sys.argv[1])]
n = sys.argv[2]
by = lambda w: [r for r in rows if r["what"] == w]
med = lambda w: statistics.median(r["imagesPerSecond"] for r in by(w)) if by(w) else float("nan")
fmt = lambda w: ", ".join(f"{r['imagesPerSecond']:.1f} (load {r['load']:.1f}" + (f", {r['cpuSeconds']:.1f} CPU s" if 'cpuSeconds' in r else "") + ")" for r in by(w))
print(f"| pipeline, first {n} sorted LFW images | images/s (median) | runs: images/s (1-min load average) |")
print("|---|---|---|")
labels = {"faceapi": "face-api 1.7.15, tfjs-wasm, 2 workers (`lfw.mjs --no-score`)", "evaluate": "FacePortal `evaluate` (flip)",
          "import": "FacePortal REST server-folder import (all faces, flip, rows, chips)"}
for w in ("faceapi", "evaluate", "import"):
    if by(w):
        print(f"| {labels[w]} | {med(w):.1f} | {fmt(w)} |")
if by("faceapi"):
    print(f"| **evaluate / face-api** | **{med('evaluate') / med('faceapi'):.2f}x** | |")
print(f"| **import / evaluate** | **{med('import') / med('evaluate'):.2f}x** | |")
for r in by("evaluate")[:1]:
    print(f"\nevaluate: {r['images']} images, {r['noFace']} without a face")
for r in by("import")[:1]:
    print(f"import: {r['images']} images, {r['faces']} faces, outcomes {json.dumps(r['outcomes'])}")
PY
