#!/usr/bin/env bash
# Issue 9's model table: every catalogue model and face-api on LFW's official pairs.txt (6,000 pairs, 10 folds), with and
# without flip, in one script so the images/s of each are measured on the same machine in the same run; then `bench`
# (descriptors/s of each network). Prints a markdown table. Needs ../shared/datasets/lfw; models are fetched on first use.
# Usage: scripts/bench-catalogue-lfw.sh [workdir]   (default /tmp/fp-catalogue-lfw; its data/ caches the converted models)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/fp-catalogue-lfw}
lfw=${LFW:-$repo/../shared/datasets/lfw}
mkdir -p "$work"
dotnet build "$repo/FacePortal.Web" -c Release -o "$work/bin" -v q -nologo >/dev/null
cd "$work"
export FACEPORTAL_FacePortal__Engine__CatalogueModels__0=faceres FACEPORTAL_FacePortal__Engine__CatalogueModels__1=mobileface
for model in face-api faceres mobileface; do
  for flip in "" --no-flip; do
    dotnet bin/FacePortal.Web.dll evaluate --images "$lfw/images" --pairs "$lfw/pairs.txt" --no-cache $flip --json --model "$model" \
      > "$model${flip:+-noflip}.json" 2> "$model${flip:+-noflip}.err"
  done
  dotnet bin/FacePortal.Web.dll bench --json --runs 5 --model "$model" --images "$lfw/images" > "bench-$model.json" 2> "bench-$model.err"
done
python3 - <<'PY'
import json
print("| model | flip | alignment | accuracy (10-fold) | AUC | EER | TAR@FAR 1e-3 | no face | pairs w/o face | seconds | images/s | descriptors/s (bench) |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for m in ["face-api", "faceres", "mobileface"]:
    for suffix in ["", "-noflip"]:
        d = json.load(open(f"{m}{suffix}.json"))
        b = json.load(open(f"bench-{m}.json"))
        print(f"| {m} | {'yes' if d['flip'] else 'no'} | {d['alignment']} | {d['accuracy']*100:.2f}% ± {d['accuracyStd']*100:.2f} | {d['auc']:.4f} | "
              f"{d['eer']*100:.2f}% | {d['tarAtFar']['0.001']*100:.2f}% | {d['noFace']} | {d['pairsWithMissingFace']} | {d['seconds']:.0f} | {d['imagesPerSecond']:.1f} | {b['recognition']['itemsPerSecond']:.0f} |")
PY
