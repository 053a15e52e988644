#!/usr/bin/env python3
"""The macro-F1 a model's ranking allows on Reuters-21578: per label, the threshold chosen on the
test set itself (an upper bound no tuning can pass), next to the macro-F1 at probability ½.

    classify train ../shared/corpora/reuters21578/train.jsonl -o m.classify [options]
    classify predict -m m.classify ../shared/corpora/reuters21578/test.jsonl --json --top 90 > p.jsonl
    Scripts/bench/experiments/reuters_oracle.py p.jsonl [--corpora DIR]

README quotes it for linear-svm (0.747), logistic-regression (0.674) and `--solver dual` (0.714).
"""
import argparse, json, os

here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("predictions")
parser.add_argument("--corpora", default=os.path.join(here, "..", "..", "..", "..", "shared", "corpora"))
args = parser.parse_args()

predictions = [json.loads(line) for line in open(args.predictions)]
truth = {}
for line in open(os.path.join(args.corpora, "reuters21578", "test.jsonl")):
    d = json.loads(line); truth[d["id"]] = set(d["labels"])
labels = sorted(predictions[0]["scores"])
best_total = half_total = 0.0
for label in labels:
    ranked = sorted(((p["scores"][label], label in truth[p["id"]]) for p in predictions), reverse=True)
    positives = sum(t for _, t in ranked)
    tp = fp = 0; best = 0.0
    for _, t in ranked:
        tp, fp = tp + t, fp + (not t)
        best = max(best, 2 * tp / (tp + fp + positives) if positives else 0.0)
    tp = sum(1 for s, t in ranked if t and s >= 0.5); fp = sum(1 for s, t in ranked if not t and s >= 0.5)
    best_total += best
    half_total += 2 * tp / (2 * tp + fp + positives - tp) if tp + fp + positives else 0.0
print(f"{len(labels)} labels: macro-F1 with the best threshold per label {best_total / len(labels):.4f}; at ½ {half_total / len(labels):.4f}")
