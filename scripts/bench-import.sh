#!/usr/bin/env bash
# Imports the whole LFW folder (13,233 images) through the running portal's REST API and measures
# images/s and wall time, plus page load times while the import runs. Prints a markdown section.
#   scripts/bench-import.sh [images-folder]
set -euo pipefail
cd "$(dirname "$0")/.."
folder=$(realpath "${1:-../shared/datasets/lfw/images}")
data=$(mktemp -d /tmp/fp-bench-import-XXXX)
key=bench-$RANDOM$RANDOM
port=5391
dotnet build FacePortal.Web -c Release -nologo -v q >/dev/null
FACEPORTAL_FacePortal__DataDirectory=$data \
FACEPORTAL_FacePortal__Engine__Models__ModelsDirectory=$(pwd)/data/models \
FACEPORTAL_FacePortal__ApiKeys__0=$key \
FACEPORTAL_FacePortal__Import__ServerRoots__0=$folder \
FACEPORTAL_FacePortal__Admin__Password=Bench-Password-1 \
  dotnet run --project FacePortal.Web -c Release --no-build -- --urls http://127.0.0.1:$port > "$data/portal.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
api() { curl -sS -H "X-Api-Key: $key" -H 'Content-Type: application/json' "$@"; }
until curl -s http://127.0.0.1:$port/health | grep -q '"ok"'; do sleep 1; done

gallery=$(api -X POST http://127.0.0.1:$port/api/galleries -d '{"name":"LFW"}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
start=$(date +%s.%N)
job=$(api -X POST http://127.0.0.1:$port/api/galleries/$gallery/import -d "{\"serverFolder\":\"$folder\"}" | python3 -c 'import json,sys;print(json.load(sys.stdin)["jobId"])')
loads=()
while :; do
  state=$(api http://127.0.0.1:$port/api/jobs/$job | python3 -c 'import json,sys;d=json.load(sys.stdin);print(d["state"],d["done"],d["total"])')
  set -- $state
  [ "$1" = completed ] || [ "$1" = failed ] || [ "$1" = cancelled ] && break
  # Page loads while the import runs (server-side render of the dashboard and the gallery page).
  for page in / /galleries/$gallery; do
    loads+=("$(curl -s -o /dev/null -w '%{time_total}' -H "X-Api-Key: $key" http://127.0.0.1:$port$page)")
  done
  sleep 5
done
end=$(date +%s.%N)
summary=$(api http://127.0.0.1:$port/api/galleries/$gallery)
printf '%s\n' "${loads[@]}" > "$data/page-loads.txt"
python3 - "$start" "$end" "$state" "$summary" "$data/page-loads.txt" "$folder" <<'PY'
import json, sys, statistics
start, end, state, summary, loads_file, folder = sys.argv[1:]
wall = float(end) - float(start)
done = int(state.split()[1])
s = json.loads(summary)
loads = sorted(float(x) * 1000 for x in open(loads_file).read().split())
p95 = loads[int(0.95 * (len(loads) - 1))] if loads else float("nan")
print(f"## Importing LFW from the server folder\n")
print(f"`scripts/bench-import.sh` (portal in Release, REST import of `{folder}`):\n")
print(f"| images | wall time | images/s | identities | faces | page load during import: median / p95 / max (n) |")
print(f"|---|---|---|---|---|---|")
print(f"| {done} | {wall:.0f} s | {done / wall:.1f} | {s['identities']} | {s['faces']} | {statistics.median(loads):.0f} / {p95:.0f} / {max(loads):.0f} ms ({len(loads)}) |")
print(f"\nOutcomes: {json.dumps(s.get('outcomes'))}")
PY
