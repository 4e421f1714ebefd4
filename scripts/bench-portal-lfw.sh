#!/usr/bin/env bash
# Portal vs command line on LFW: imports the official pairs.txt as a pair set against a portal data folder that
# already holds the LFW gallery (made by scripts/bench-import.sh), runs the evaluation as a portal job over the
# REST API, and prints its metrics next to `evaluate` on the same images.
#   scripts/bench-portal-lfw.sh <data-folder-with-the-LFW-gallery>
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(realpath "$1")
lfw=$(realpath ../shared/datasets/lfw)
key=bench-$RANDOM$RANDOM
port=5392
dotnet build FacePortal.Web -c Release -nologo -v q >/dev/null
FACEPORTAL_FacePortal__DataDirectory=$data \
FACEPORTAL_FacePortal__Engine__Models__ModelsDirectory=$(pwd)/data/models \
FACEPORTAL_FacePortal__ApiKeys__0=$key \
  dotnet run --project FacePortal.Web -c Release --no-build -- --urls http://127.0.0.1:$port > "$data/portal-eval.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -s http://127.0.0.1:$port/health | grep -q '"ok"'; do sleep 1; done
api() { curl -sS -H "X-Api-Key: $key" "$@"; }
gallery=$(api http://127.0.0.1:$port/api/galleries | python3 -c 'import json,sys;print([g["id"] for g in json.load(sys.stdin) if g["name"]=="LFW"][0])')
pairset=$(api -F galleryId=$gallery -F name=lfw-view2 -F file=@$lfw/pairs.txt http://127.0.0.1:$port/api/pairsets/import | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
start=$(date +%s.%N)
run=$(api -H 'Content-Type: application/json' -d "{\"pairSetId\":$pairset}" http://127.0.0.1:$port/api/evaluations | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
while :; do
  result=$(api http://127.0.0.1:$port/api/evaluations/$run)
  state=$(echo "$result" | python3 -c 'import json,sys;print(json.load(sys.stdin)["state"])')
  [ "$state" = completed ] || [ "$state" = failed ] || [ "$state" = cancelled ] && break
  sleep 2
done
end=$(date +%s.%N)
echo "$result" > "$data/portal-lfw-metrics.json"
dotnet run --project FacePortal.Web -c Release --no-build -- evaluate --images "$lfw/images" --pairs "$lfw/pairs.txt" --json > "$data/cli-lfw-metrics.json"
python3 - "$data/portal-lfw-metrics.json" "$data/cli-lfw-metrics.json" "$start" "$end" <<'PY'
import json, sys
portal = json.load(open(sys.argv[1])); cli = json.load(open(sys.argv[2]))
pm = portal["metrics"]
print("## Portal vs command line on LFW (official pairs.txt)\n")
print("`scripts/bench-portal-lfw.sh <data folder of scripts/bench-import.sh>`: the LFW gallery imported through the portal,")
print("pairs.txt imported as a pair set, the evaluation run as a portal job; the CLI `evaluate` on the same files.\n")
print("| | accuracy (10-fold) | ± std | AUC | EER | TAR@FAR 1e-3 |")
print("|---|---|---|---|---|---|")
def tar(d):
    v = d.get("0.001")
    return v["tar"] if isinstance(v, dict) else v
print(f"| portal job ({float(sys.argv[4]) - float(sys.argv[3]):.0f} s, stored descriptors) | {pm['accuracy']*100:.2f}% | {pm['accuracyStd']*100:.2f} | {pm['auc']:.4f} | {pm['eer']*100:.2f}% | {tar(pm['tarAtFar'])*100:.2f}% |")
print(f"| command line | {cli['accuracy']*100:.2f}% | {cli['accuracyStd']*100:.2f} | {cli['auc']:.4f} | {cli['eer']*100:.2f}% | {cli['tarAtFar']['0.001']*100:.2f}% |")
PY
