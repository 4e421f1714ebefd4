#!/usr/bin/env bash
# The README's Redis-membership cluster on one machine, run end to end (checks the documented commands, not a
# benchmark): a redis-server of its own, three silo processes (`silo` verb, Membership=Redis), the portal as a
# client that finds the gateways in Redis, an LFW slice imported over REST, then /api/identify must answer in full
# (not partial) with the right person first; then the third silo is SIGKILLed and the same query is repeated until
# the answer is full again (printed: how long). Ports from TRIAL_PORT (default 26379 for Redis; silos +1..3,
# gateways +11..13, the portal +20), so it does not collide with a real cluster on the defaults.
#   scripts/trial-cluster-redis.sh
set -euo pipefail
cd "$(dirname "$0")/.."
base=${TRIAL_PORT:-26379}
dir=${TRIAL_DIR:-$(pwd)/.bench/redis-trial}
rm -rf "$dir" && mkdir -p "$dir/data" "$dir/redis"
lfw=$(realpath ../shared/datasets/lfw/images)
key=trial-$RANDOM$RANDOM
web=FacePortal.Web/bin/Release/net10.0/linux-x64/FacePortal.Web.dll
[ -f "$web" ] || dotnet build FacePortal.sln -c Release -nologo -v q >/dev/null
pids=()
trap 'for p in "${pids[@]}"; do kill -9 $p 2>/dev/null || true; done' EXIT

redis-server --port $base --bind 127.0.0.1 --save '' --appendonly no --dir "$dir/redis" > "$dir/redis.log" 2>&1 &
pids+=($!)
until redis-cli -p $base ping 2>/dev/null | grep -q PONG; do sleep 0.2; done

# As in the README: every process gets the same Redis and data folder; silos their own two ports.
export FACEPORTAL_FacePortal__Cluster__Membership=Redis FACEPORTAL_FacePortal__Cluster__Redis=127.0.0.1:$base
for s in 1 2 3; do
  dotnet $web silo --port $((base + s)) --gateway $((base + 10 + s)) --data "$dir/data" > "$dir/silo$s.log" 2>&1 &
  pids+=($!)
done
for s in 1 2 3; do until grep -qs "silo up" "$dir/silo$s.log"; do sleep 0.5; done; done
echo "3 silos up; Redis lists: $(redis-cli -p $base keys '*' | tr '\n' ' ')"

port=$((base + 20))
FACEPORTAL_FacePortal__Search__Mode=Cluster FACEPORTAL_FacePortal__DataDirectory="$dir/data" \
FACEPORTAL_FacePortal__Engine__Models__ModelsDirectory=${TRIAL_MODELS:-/tmp/faceportal-test-models} \
FACEPORTAL_FacePortal__ApiKeys__0=$key \
  dotnet $web --urls http://127.0.0.1:$port > "$dir/portal.log" 2>&1 &
pids+=($!)
until curl -s http://127.0.0.1:$port/health | grep -q '"ok"'; do sleep 1; done
echo "portal up (Cluster mode, Redis membership)"
api() { curl -sS -H "X-Api-Key: $key" "$@"; }

# 20 LFW people with at least 3 photos, 3 each; the 4th photo of the first one is the probe.
python3 - "$lfw" "$dir" <<'PY'
import os, sys, zipfile
lfw, out = sys.argv[1], sys.argv[2]
people = [p for p in sorted(os.listdir(lfw)) if len(os.listdir(os.path.join(lfw, p))) >= 4][:20]
with zipfile.ZipFile(os.path.join(out, "slice.zip"), "w") as z:
    for p in people:
        for f in sorted(os.listdir(os.path.join(lfw, p)))[:3]:
            z.write(os.path.join(lfw, p, f), f"{p}/{f}")
open(os.path.join(out, "probe.txt"), "w").write(os.path.join(lfw, people[0], sorted(os.listdir(os.path.join(lfw, people[0])))[3]) + "\n" + people[0])
PY
gallery=$(api -H 'Content-Type: application/json' -d '{"name":"redis-trial"}' http://127.0.0.1:$port/api/galleries | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
job=$(api -F file=@"$dir/slice.zip" http://127.0.0.1:$port/api/galleries/$gallery/import | python3 -c 'import json,sys;print(json.load(sys.stdin)["jobId"])')
until api http://127.0.0.1:$port/api/jobs/$job | grep -Eq '"state": *"(completed|failed|cancelled)"'; do sleep 1; done
echo "import: $(api http://127.0.0.1:$port/api/jobs/$job | python3 -c 'import json,sys;j=json.load(sys.stdin);print(j["state"], j.get("done"), "of", j.get("total"))')"
probe=$(sed -n 1p "$dir/probe.txt"); person=$(sed -n 2p "$dir/probe.txt")
identify() { api -F image=@"$probe" -F gallery=$gallery -F k=3 http://127.0.0.1:$port/api/identify; }
show() { python3 -c 'import json,sys;a=json.load(sys.stdin);print("partial" if a.get("partial") else "full", a.get("searched"), a["candidates"][0]["identity"] if a["candidates"] else "-")'; }
# The first queries in fresh processes pay for JIT and the shards' loads: partial (never an error) until they are done.
start=$(date +%s)
while :; do
  answer=$(identify | show); echo "identify: $answer (expected full, searched 1, $person first)"
  case "$answer" in "full 1 $person") break;; esac
  [ $(( $(date +%s) - start )) -lt 60 ] || { echo "FAILED: no full answer naming $person within 60 s"; exit 1; }
  sleep 1
done

kill -9 "${pids[3]}"; killed=$(date +%s.%N)
echo "silo 3 SIGKILLed"
while :; do
  answer=$(identify | show)
  case "$answer" in "full 1 $person") break;; esac
  echo "  $(printf '%.1f' "$(echo "$(date +%s.%N) - $killed" | bc)") s: $answer"
  sleep 0.2
done
echo "full again $(printf '%.1f' "$(echo "$(date +%s.%N) - $killed" | bc)") s after the kill: $answer"
echo "trial passed; logs in $dir"
