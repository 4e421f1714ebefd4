#!/usr/bin/env bash
# Measures FacePortal against the face-api reference harness on this machine, side by side, and writes
# docs/BENCHMARKS.md. Needs ../shared (faceapi-ref and LFW), Node.js/npm and the .NET SDK. Takes ~10 minutes.
#   scripts/benchmark.sh            everything
#   SKIP_LFW=1 scripts/benchmark.sh  throughput only
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${BENCH_DIR:-$root/.bench}
mkdir -p "$out"
shared=$root/../shared
portal() { dotnet run --project FacePortal.Web -c Release --no-build -- "$@"; }

dotnet build FacePortal.Web -c Release -nologo -v q >/dev/null

# Reference: face-api on tfjs-wasm, from a writable copy of the harness (the shared one is read-only).
ref=$out/faceapi-ref
if [ ! -d "$ref/node_modules" ]; then
  rm -rf "$ref" && cp -r "$shared/tools/faceapi-ref" "$ref" && chmod -R u+w "$ref"
  (cd "$ref" && npm ci --silent)
fi
echo "reference: node bench.mjs --runs 5 --batches 32 --skip-pipeline" >&2
(cd "$ref" && node bench.mjs --runs 5 --batches 32 --skip-pipeline) > "$out/ref-bench.json"

echo "ours: bench --json --runs 7 --batch 32" >&2
portal bench --json --runs 7 --batch 32 --count 256 > "$out/bench.json"

if [ -z "${SKIP_LFW:-}" ]; then
  for variant in "dlib-flip:--flip" "dlib:--no-flip" "faceapi-flip:--alignment faceapi --flip" "faceapi:--alignment faceapi --no-flip"; do
    name=${variant%%:*}; flags=${variant#*:}
    echo "LFW: evaluate $flags (no cache)" >&2
    # shellcheck disable=SC2086
    portal evaluate --images "$shared/datasets/lfw/images" --pairs "$shared/datasets/lfw/pairs.txt" --json --no-cache $flags > "$out/lfw-$name.json"
  done
fi

python3 - "$out" "$shared" <<'PY'
import json, sys, os, datetime, platform, subprocess
out, shared = sys.argv[1], sys.argv[2]
ref = json.load(open(f"{out}/ref-bench.json"))
ours = json.load(open(f"{out}/bench.json"))
ref_rec = ref["results"]["recognition_batch32_descriptors_per_s"]["median"]
our_rec = ours["recognition"]["itemsPerSecond"]
cpu = subprocess.run(["sh", "-c", "lscpu | grep 'Model name' | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
lines = [
  "# Benchmarks",
  "",
  f"Measured {datetime.date.today()} on {os.cpu_count()} cores ({cpu}), execution provider {ours['executionProvider']}.",
  "Produced by `scripts/benchmark.sh` (it runs the face-api reference harness and this project side by side",
  "and rewrites this file); raw outputs in `.bench/`.",
  "",
  "## Recognition network alone (batch 32, 150x150 crops)",
  "",
  "| implementation | descriptors/s (median) | runs |",
  "|---|---|---|",
  f"| face-api 1.7.15 on tfjs-wasm (`node bench.mjs --batches 32`) | {ref_rec:.1f} | 5 |",
  f"| FacePortal, ONNX Runtime CPU (`bench --batch 32`) | {our_rec:.1f} | {len(ours['recognition']['runs'])} |",
  f"| **ratio** | **{our_rec / ref_rec:.2f}x** | |",
  "",
  "## Each network and the pipeline (FacePortal)",
  "",
  "| stage | items/s (median) | batch |",
  "|---|---|---|",
  f"| Tiny Face Detector (416) | {ours['detector']['itemsPerSecond']:.1f} | {ours['detector']['batch']} |",
  f"| 68-point landmarks (112) | {ours['landmarks']['itemsPerSecond']:.1f} | {ours['landmarks']['batch']} |",
  f"| recognition (150) | {our_rec:.1f} | {ours['recognition']['batch']} |",
  f"| whole pipeline: decode + detect + landmarks + align + embed ({ours['pipeline']['images']} LFW images) | {ours['pipeline']['imagesPerSecond']:.1f} images/s | |",
  "",
  "Reference pipeline throughput (face-api, `../shared/notes/anchors.md`): 16.5 images/s on LFW with 2 processes.",
  "",
]
variants = [("dlib-flip", "dlib face chip + flip (default)"), ("dlib", "dlib face chip"), ("faceapi-flip", "face-api crop + flip"), ("faceapi", "face-api crop (face-api's own pipeline)")]
if all(os.path.exists(f"{out}/lfw-{v}.json") for v, _ in variants):
    lines += [
      "## LFW, official pairs.txt (6,000 pairs, 10 folds)",
      "",
      "`dotnet run --project FacePortal.Web -c Release -- evaluate --images ../shared/datasets/lfw/images --pairs ../shared/datasets/lfw/pairs.txt --no-cache [--no-flip] [--alignment faceapi]`",
      "",
      "| alignment | accuracy (10-fold) | AUC | EER | TAR@FAR 1e-3 | no face | pairs w/o face | seconds | images/s |",
      "|---|---|---|---|---|---|---|---|---|",
    ]
    for v, label in variants:
        r = json.load(open(f"{out}/lfw-{v}.json"))
        tar = r["tarAtFar"].get("0.001")
        lines.append(f"| {label} | {r['accuracy']*100:.2f}% ± {r['accuracyStd']*100:.2f} | {r['auc']:.4f} | {r['eer']*100:.2f}% | {tar*100:.2f}% | {r['noFace']} | {r['pairsWithMissingFace']} | {r['seconds']:.0f} | {r['imagesPerSecond']:.1f} |")
    lines += [
      "",
      "A pair with a missing face is scored as a non-match. Reference (face-api's own pipeline, same weights,",
      "`../shared/notes/anchors.md`): 97.47% ± 0.65, 20 images without a face, 16.5 images/s.",
      "",
    ]
existing = open("docs/BENCHMARKS.md").read() if os.path.exists("docs/BENCHMARKS.md") else ""
marker = "<!-- notes below are kept by scripts/benchmark.sh -->"
notes = existing[existing.index(marker):] if marker in existing else marker + "\n"
open("docs/BENCHMARKS.md", "w").write("\n".join(lines) + "\n" + notes)
print("\n".join(lines))
PY
