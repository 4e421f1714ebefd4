#!/usr/bin/env bash
# Issue 11's tagged evidence: LFW imported through the portal with per-image sex tags (a CSV manifest's `tags` column
# made by scripts/lfw-sex-manifest.py from ../shared/datasets/lfw/gender), the official pairs.txt imported as a pair
# set and evaluated as a portal job, then the differentials (prefix sex:, FMR 1e-3) and error-versus-discard read
# over REST. Prints a markdown section; JSON answers stay in the data folder.
#   [MODELS_DIR=<models cache>] [PAIRS=<another pairs file>] [TARGET=<FMR, default 0.001>] scripts/bench-lfw-differentials.sh [data-folder-of-an-earlier-run]   (an earlier folder skips the import)
set -euo pipefail
cd "$(dirname "$0")/.."
lfw=$(realpath ../shared/datasets/lfw)
pairs=$(realpath "${PAIRS:-$lfw/pairs.txt}")
data=${1:-$(mktemp -d /tmp/fp-bench-diff-XXXX)}
mkdir -p "$data"
data=$(realpath "$data")
key=bench-$RANDOM$RANDOM
port=5393
dotnet build FacePortal.Web -c Release -nologo -v q >/dev/null
FACEPORTAL_FacePortal__DataDirectory=$data \
FACEPORTAL_FacePortal__Engine__Models__ModelsDirectory=${MODELS_DIR:-$(pwd)/data/models} \
FACEPORTAL_FacePortal__ApiKeys__0=$key \
FACEPORTAL_FacePortal__Import__ServerRoots__0=$lfw/images \
FACEPORTAL_FacePortal__Admin__Password=Bench-Password-1 \
  dotnet run --project FacePortal.Web -c Release --no-build -- --urls http://127.0.0.1:$port >> "$data/portal.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
api() { curl -sS -H "X-Api-Key: $key" "$@"; }
json() { python3 -c "import json,sys;d=json.load(sys.stdin);print($1)"; }
until curl -s http://127.0.0.1:$port/health | grep -q '"ok"'; do sleep 1; done
base=http://127.0.0.1:$port

gallery=$(api $base/api/galleries | json '([g["id"] for g in d if g["name"]=="LFW sex"] or [""])[0]')
if [ -z "$gallery" ]; then
  python3 scripts/lfw-sex-manifest.py --pairs "$pairs" --out "$data/manifest.csv"
  gallery=$(api -H 'Content-Type: application/json' -d '{"name":"LFW sex"}' $base/api/galleries | json 'd["id"]')
  start=$(date +%s)
  job=$(api -F manifest=@"$data/manifest.csv" -F baseFolder="$lfw/images" $base/api/galleries/$gallery/import | json 'd["jobId"]')
  while :; do
    state=$(api $base/api/jobs/$job | json 'd["state"]')
    [ "$state" = queued ] || [ "$state" = running ] || break
    sleep 5
  done
  echo "import: $state in $(( $(date +%s) - start )) s" | tee "$data/import.txt" >&2
fi
# evaluate PAIRSET LABEL: the evaluation job, then its report card, differentials and error-versus-discard.
evaluate() {
  local pairset=$1 label=$2 run state t0 t1 started
  started=$(date +%s)
  run=$(api -H 'Content-Type: application/json' -d "{\"pairSetId\":$pairset}" $base/api/evaluations | json 'd["id"]')
  while :; do
    state=$(api $base/api/evaluations/$run | json 'd["state"]')
    [ "$state" = queued ] || [ "$state" = running ] || break
    sleep 2
  done
  echo "$label: evaluation $run $state in $(( $(date +%s) - started )) s" >&2
  api $base/api/evaluations/$run > "$data/metrics-$label.json"
  api $base/api/evaluations/$run/report > "$data/report-$label.json"
  t0=$(date +%s.%N)
  api "$base/api/evaluations/$run/differentials?prefix=sex:&targetFmr=${TARGET:-0.001}" > "$data/differentials-$label.json"
  t1=$(date +%s.%N)
  api "$base/api/evaluations/$run/quality?targetFmr=${TARGET:-0.001}" > "$data/quality-$label.json"
  echo; echo "### $label"; echo
  python3 scripts/report-summary.py "$data/report-$label.json"
  echo
  python3 - "$data" "$run" "$t0" "$t1" "$label" <<'PY'
import json, sys
data, run, t0, t1 = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
label = sys.argv[5]
d = json.load(open(f"{data}/differentials-{label}.json")); q = json.load(open(f"{data}/quality-{label}.json"))
pct = lambda r: "n/a" if r is None else f"{r*100:.3g}%"
def rate(r):
    if r is None: return "no pairs"
    s = f"{pct(r['estimate'])} [{pct(r['lower'])}, {pct(r['upper'])}] ({r['errors']}/{r['trials']})"
    if r["errors"] == 0 and r.get("ruleOfThreeUpper") is not None: s += f", <= {pct(r['ruleOfThreeUpper'])} (rule of 3)"
    return s + (" *" if r["fewErrors"] else "")
print(f"Evaluation {run}: {d['pairs']} pairs, {d['model']}; global threshold {d['thresholdRule']} for FMR {d['targetFmr']:g} over all pairs:")
print(f"FMR {pct(d['globalFmr'])}, FNMR {pct(d['globalFnmr'])}; differentials computed in {t1-t0:.1f} s ({d['resamples']} resamples).")
print(f"Sides untagged {d['untaggedSides']}, with conflicting tags {d['conflictingSides']}; impostor sampling: {d['negativeSampling'] or 'as pairs.txt gives them'}.\n")
print("| tag | identities | images | FTA | genuine pairs | FNMR [95% CI] | same-tag impostor pairs | FMR [95% CI] |")
print("|---|---|---|---|---|---|---|---|")
for g in d["groups"]:
    print(f"| {g['tag']} | {g['identities']} | {g['images']} | {pct(g['failedImages']/max(1,g['images']))} ({g['failedImages']}) | {g['genuinePairs']} | {rate(g['fnmr'])} | {g['impostorPairs']} | {rate(g['fmr'])} |")
h = d["heatmap"]; labels = h["labels"]
print("\nFMR heatmap over impostor pairs (false accepts / pairs; log10(FMR / target) in brackets):\n")
print("| | " + " | ".join(labels) + " |"); print("|---" * (len(labels) + 1) + "|")
for i, a in enumerate(labels):
    cells = []
    for j in range(len(labels)):
        n = h["impostors"][i][j]
        if n == 0: cells.append("no pairs"); continue
        lg = h["log10RatioToTarget"][i][j]
        cells.append(f"{h['fmr'][i][j]:.3g} ({h['falseAccepts'][i][j]}/{n}){'' if lg is None else f' [{lg:+.2f}]'}")
    print(f"| {a} | " + " | ".join(cells) + " |")
f = lambda v: "n/a" if v is None else f"{v:.2f}"
print(f"\nMax/GeoMean: FNMR {f(d['fnmrMaxOverGeoMean'])}, FMR {f(d['fmrMaxOverGeoMean'])}.\n")
print(f"Error versus discard at the same threshold ({q['thresholdRule']}), discard limit {q['discardLimit']}:\n")
print("| measure | FNMR at 0 -> at the limit | FNMR pAUC ratio | FMR at 0 -> at the limit | FMR pAUC ratio |")
print("|---|---|---|---|---|")
for c in q["curves"]:
    print(f"| {c['name']} | {pct(c['fnmr'][0])} -> {pct(c['fnmr'][-1])} | {f(c['fnmrAreaRatio'])} | {pct(c['fmr'][0])} -> {pct(c['fmr'][-1])} | {f(c['fmrAreaRatio'])} |")
print("\nNot used: " + "; ".join(q["missing"]) + ".")
PY
}

pairset=$(api -F galleryId=$gallery -F name="$(basename "$pairs" .txt)" -F file=@$pairs $base/api/pairsets/import | json 'd["id"]')
evaluate "$pairset" "$(basename "$pairs" .txt)"
if [ "${MATCHED:-1}" = 1 ]; then
  # The same gallery, a generated set: 10 folds, impostors drawn within the same sex value (matched impostors).
  answer=$(api -H 'Content-Type: application/json' -d "{\"galleryId\":$gallery,\"name\":\"matched sex\",\"positives\":${MATCHED_POSITIVES:-3000},\"folds\":10,\"seed\":1,\"negativeSampling\":\"matched\",\"impostorTagPrefix\":\"sex:\"}" $base/api/pairsets)
  matched=$(echo "$answer" | json 'd.get("id") or ""')
  if [ -z "$matched" ]; then
    job=$(echo "$answer" | json 'd["jobId"]')
    while :; do s=$(api $base/api/jobs/$job | json 'd["state"]'); [ "$s" = queued ] || [ "$s" = running ] || break; sleep 2; done
    matched=$(api "$base/api/pairsets?galleryId=$gallery" | json '[p["id"] for p in d if p["name"]=="matched sex"][-1]')
  fi
  evaluate "$matched" matched-sex
fi
