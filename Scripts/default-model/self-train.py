#!/usr/bin/env python3
"""One round of self-training for labels a corpus does not annotate.

    self-train.py CORPUS PREDICTIONS MODEL_INFO OUT

CORPUS is a JSON Lines training set whose documents list the labels they were judged for
("annotated_labels"); PREDICTIONS is `classify predict --json` of a model trained on it (every
label's probability), MODEL_INFO its `classify info --json`. A document–label pair that was not
judged never entered that label's loss, so its probability is an honest out-of-sample guess.
Each such pair becomes judged when the guess is confident:

- a known negative when the probability is below NEGATIVE_FRACTION of the label's threshold;
- a known positive when it is at least POSITIVE_PROBABILITY and the label's threshold.

Labels listed in --skip (a never-alone flag, say) stay unjudged. Writes OUT (same documents,
wider "annotated_labels" and "labels") and prints how many pairs each label gained.
"""
import argparse
import collections
import json
import os

NEGATIVE_FRACTION = 0.25
POSITIVE_PROBABILITY = 0.9


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("predictions")
    parser.add_argument("model_info")
    parser.add_argument("out")
    parser.add_argument("--skip", action="append", default=[])
    parser.add_argument("--positive-probability", type=float, default=POSITIVE_PROBABILITY)
    parser.add_argument("--negative-fraction", type=float, default=NEGATIVE_FRACTION)
    parser.add_argument("--one-positive", action="store_true", help="at most one new positive per document: its unjudged label furthest over its threshold")
    args = parser.parse_args()
    with open(args.model_info, encoding="utf-8") as f:
        info = json.load(f)
    thresholds = dict(zip(info["labels"], info.get("thresholds") or [info["threshold"]] * len(info["labels"])))
    gained = collections.defaultdict(lambda: [0, 0])
    with open(args.corpus, encoding="utf-8") as corpus, open(args.predictions, encoding="utf-8") as predictions, \
            open(args.out + ".partial", "w", encoding="utf-8") as out:
        for line, prediction_line in zip(corpus, predictions):
            document = json.loads(line)
            prediction = json.loads(prediction_line)
            assert document["id"] == prediction["id"], (document["id"], prediction["id"])
            judged = document.get("annotated_labels")
            if judged is not None:
                judged = set(judged)
                labels = set(document["labels"])
                unjudged = [l for l in prediction["scores"] if l not in judged and l not in args.skip]
                best = max(unjudged, key=lambda l: prediction["scores"][l] / thresholds[l], default=None)
                for label, probability in prediction["scores"].items():
                    if label in judged or label in args.skip:
                        continue
                    if probability < args.negative_fraction * thresholds[label]:
                        judged.add(label)
                        gained[label][0] += 1
                    elif probability >= max(args.positive_probability, thresholds[label]) and (label == best or not args.one_positive):
                        judged.add(label)
                        labels.add(label)
                        gained[label][1] += 1
                document["annotated_labels"] = sorted(judged)
                document["labels"] = sorted(labels)
            out.write(json.dumps(document, ensure_ascii=False, sort_keys=True) + "\n")
    os.replace(args.out + ".partial", args.out)
    for label in sorted(gained):
        negatives, positives = gained[label]
        print(f"{label}: {negatives} known negatives, {positives} known positives")


if __name__ == "__main__":
    main()
