#!/usr/bin/env python3
# Summarises a report card (GET /api/evaluations/{id}/report, saved as JSON) in the lines BENCHMARKS quotes.
#   scripts/report-summary.py report.json
import json, sys
r = json.load(open(sys.argv[1]))
def rate(x, pct=True):
    f = (lambda v: f"{v*100:.3f}%") if pct else (lambda v: f"{v:.5f}")
    s = f"{f(x['estimate'])} [{f(x['lower95'])}, {f(x['upper95'])}]"
    if x.get("errors") is not None: s += f" ({x['errors']} / {x['trials']})"
    if x.get("ruleOfThreeUpper") is not None: s += f", rule of 3 <= {x['ruleOfThreeUpper']*100:.3f}%"
    return s + (" †" if x.get("fewErrors") else "")
d, f, v, s, u = r["dataSummary"], r["failures"], r["verification"], r["system"], r["uncertainty"]
print(f"comparisons {d['comparisons']} ({d['matedComparisons']} mated), with both templates {d['comparisonsWithBothTemplates']}; images {d['samples']}, identities {d['subjects']}")
print(f"FTA {f['failureToAcquireRate']*100:.3f}% ({f['failuresToAcquire']} / {f['samples']}) reasons {f['reasons']}; FTE {f['failureToEnrolRate']*100:.3f}% ({f['failuresToEnrol']} / {f['subjects']})")
print(f"threshold: score {r['decisionThreshold']['score']:.4f} ({r['decisionThreshold']['rule']})")
print(f"FMR {rate(v['falseMatchRate'])}; FNMR {rate(v['falseNonMatchRate'])}")
print(f"FAR {s['falseAcceptRate']*100:.3f}%; FRR {s['falseRejectRate']*100:.3f}%; HTER {s['halfTotalErrorRate']*100:.3f}%")
print(f"EER {rate(v['equalErrorRate'])}; AUC {rate(v['areaUnderCurve'], False)}")
for t in v["trueMatchRateAtFalseMatchRate"]:
    print(f"TMR at FMR {t['targetFalseMatchRate']:g}: " + (rate(t['trueMatchRate']) if t['measurable'] else "not measurable"))
l = r["lfwConvention"]
print(f"LFW convention: accuracy {l['accuracy']*100:.2f}% ± {l['accuracyStandardDeviation']*100:.2f} ({l['protocol']})")
print(f"bootstrap: {u['resamples']} resamples of {u['subjects']} identities, seed {u['seed']}, {u['seconds']:.1f} s; job {r['durationSeconds']:.0f} s")
