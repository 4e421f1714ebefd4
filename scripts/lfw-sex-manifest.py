#!/usr/bin/env python3
"""Writes a FacePortal CSV manifest (path,identity,tags) for LFW with per-image sex tags from
../shared/datasets/lfw/gender (female_names.txt / male_names.txt; see its README for how far to trust them).

  scripts/lfw-sex-manifest.py [--pairs PAIRS.TXT] [--out /tmp/lfw-sex-manifest.csv]

With --pairs only the images a pairs file uses are listed (LFW's pairs.txt: 7,701 of 13,233), which is enough to
evaluate those pairs. An image in both lists gets both tags (the portal counts it as conflicting and leaves its
pairs out of the per-tag figures); an image in neither gets none. Output goes to /tmp: it is data, never committed.
"""
import argparse
import csv
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
lfw = os.path.realpath(os.path.join(here, "..", "..", "shared", "datasets", "lfw"))

parser = argparse.ArgumentParser()
parser.add_argument("--pairs", help="an LFW pairs file: list only the images it uses")
parser.add_argument("--out", default="/tmp/lfw-sex-manifest.csv")
parser.add_argument("--lfw", default=lfw)
args = parser.parse_args()

sexes = {}
for name, sex in (("female_names.txt", "F"), ("male_names.txt", "M")):
    with open(os.path.join(args.lfw, "gender", name), encoding="utf-8") as f:
        for line in f:
            file = line.strip()
            if file:
                sexes.setdefault(file, set()).add(sex)

wanted = None
if args.pairs:
    wanted = set()
    with open(args.pairs, encoding="utf-8") as f:
        next(f)
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                wanted.add(f"{parts[0]}_{int(parts[1]):04d}.jpg")
                wanted.add(f"{parts[0]}_{int(parts[2]):04d}.jpg")
            elif len(parts) == 4:
                wanted.add(f"{parts[0]}_{int(parts[1]):04d}.jpg")
                wanted.add(f"{parts[2]}_{int(parts[3]):04d}.jpg")

images = os.path.join(args.lfw, "images")
counts = {"F": 0, "M": 0, "both": 0, "none": 0}
rows = 0
with open(args.out, "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["path", "identity", "tags"])
    for person in sorted(os.listdir(images)):
        for file in sorted(os.listdir(os.path.join(images, person))):
            if not file.endswith(".jpg") or (wanted is not None and file not in wanted):
                continue
            s = sexes.get(file, set())
            counts["both" if len(s) > 1 else next(iter(s)) if s else "none"] += 1
            w.writerow([f"{person}/{file}", person, ";".join(f"sex:{x}" for x in sorted(s))])
            rows += 1
print(f"{rows} images -> {args.out}: {counts['F']} F, {counts['M']} M, {counts['both']} in both lists, {counts['none']} in neither", file=sys.stderr)
