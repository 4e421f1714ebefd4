#!/usr/bin/env bash
# The report card on LFW's official pairs through the portal's evaluation path: the images that the first N folds of
# pairs.txt use are copied to a work folder and imported into a fresh portal (server-folder import, REST), those folds
# are imported as a pair set, evaluated as a portal job (failures counted, subject-level bootstrap in the job), and
# the report card (GET /api/evaluations/{id}/report) is saved and summarised.
#   scripts/bench-report-lfw.sh [folds 1-10, default 10] [work folder, default /tmp/faceportal-report-lfw]
set -euo pipefail
cd "$(dirname "$0")/.."
folds=${1:-10}
work=${2:-/tmp/faceportal-report-lfw}
lfw=$(realpath ../shared/datasets/lfw)
models=${FACEPORTAL_MODELS:-$(pwd)/data/models}
rm -rf "$work"
mkdir -p "$work/images" "$work/data"
python3 - "$lfw" "$work" "$folds" <<'PY'
import os, shutil, sys
lfw, work, folds = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = open(os.path.join(lfw, "pairs.txt")).read().splitlines()
_, per = map(int, lines[0].split())
take = lines[1:1 + folds * 2 * per]
with open(os.path.join(work, "pairs.txt"), "w") as f:
    f.write(f"{folds}\t{per}\n" + "\n".join(take) + "\n")
images = set()
for line in take:
    p = line.split("\t")
    images |= {(p[0], int(p[1])), (p[0], int(p[2]))} if len(p) == 3 else {(p[0], int(p[1])), (p[2], int(p[3]))}
for name, i in images:
    os.makedirs(os.path.join(work, "images", name), exist_ok=True)
    shutil.copy(os.path.join(lfw, "images", name, f"{name}_{i:04d}.jpg"), os.path.join(work, "images", name))
print(f"{len(take)} pairs over {len(images)} images", file=sys.stderr)
PY
key=bench-$RANDOM$RANDOM
port=${PORT:-5394}
dotnet build FacePortal.Web -c Release -nologo -v q >/dev/null
FACEPORTAL_FacePortal__DataDirectory=$work/data \
FACEPORTAL_FacePortal__Engine__Models__ModelsDirectory=$models \
FACEPORTAL_FacePortal__Import__ServerRoots__0=$work/images \
FACEPORTAL_FacePortal__ApiKeys__0=$key \
  dotnet run --project FacePortal.Web -c Release --no-build -- --urls http://127.0.0.1:$port > "$work/portal.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -s http://127.0.0.1:$port/health | grep -q '"ok"'; do sleep 1; done
api() { curl -sS -H "X-Api-Key: $key" "$@"; }
json() { python3 -c "import json,sys;print(json.load(sys.stdin)$1)"; }
wait_job() { while :; do s=$(api http://127.0.0.1:$port/api/jobs/$1 | json '["state"]'); [ "$s" = queued ] || [ "$s" = running ] || break; sleep 3; done; echo "$s"; }
t0=$(date +%s)
gallery=$(api -H 'Content-Type: application/json' -d '{"name":"LFW"}' http://127.0.0.1:$port/api/galleries | json '["id"]')
job=$(api -H 'Content-Type: application/json' -d "{\"serverFolder\":\"$work/images\"}" http://127.0.0.1:$port/api/galleries/$gallery/import | json '["jobId"]')
echo "import: $(wait_job $job) in $(( $(date +%s) - t0 )) s" >&2
pairset=$(api -F galleryId=$gallery -F name=lfw-view2 -F file=@$work/pairs.txt http://127.0.0.1:$port/api/pairsets/import | json '["id"]')
t1=$(date +%s)
started=$(api -H 'Content-Type: application/json' -d "{\"pairSetId\":$pairset}" http://127.0.0.1:$port/api/evaluations)
run=$(echo "$started" | json '["id"]')
echo "evaluation: $(wait_job $(echo "$started" | json '["jobId"]')) in $(( $(date +%s) - t1 )) s" >&2
api http://127.0.0.1:$port/api/evaluations/$run/report > "$work/report.json"
python3 scripts/report-summary.py "$work/report.json"
