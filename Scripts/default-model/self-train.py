#!/usr/bin/env python3
"""One round of self-training for the labels a corpus does not annotate.

    self-train.py CORPUS PREDICTIONS OUT --by-prior --prior-articles DIR
                  [--min-prior P [--negatives-under-min-prior [--negatives-only]]] [--only L]... [--skip L]...
    self-train.py CORPUS PREDICTIONS OUT --thresholds-from INFO_JSON [--skip L]...

CORPUS is a JSON Lines training set whose documents list the labels they were judged for
("annotated_labels"); PREDICTIONS is `classify predict --json` of a model trained on it (every
label's probability). A document–label pair that was not judged never entered that label's loss,
so its probability is an out-of-sample guess. Some of these pairs become judged:

--by-prior (the default model's recipe): the documents that carry the same labels X form a pool;
    for each label L they were not judged for, the pool's PRIOR share with the highest
    probabilities of L become known positives and its lower half known negatives. PRIOR is the
    share of the fully judged articles in DIR (native format) carrying X that also carry L: how
    often editors add L to an X story. Pools whose prior is under --min-prior are left alone, or
    with --negatives-under-min-prior give their lower half as known negatives and no positive
    (with --negatives-only too, only those pools are used).
--thresholds-from INFO_JSON (`classify info --json` of the model): a pair becomes a known
    negative when its probability is under NEGATIVE_FRACTION of the label's threshold, a known
    positive when it is at least POSITIVE_PROBABILITY and the threshold (--one-positive: only the
    document's unjudged label furthest over its threshold).

Labels in --skip (a never-alone flag, say) stay unjudged; --only restricts the round to the listed
labels. Writes OUT atomically (the same documents with wider "annotated_labels" and "labels") and
prints how many pairs each label gained.
"""
import argparse
import collections
import json
import os

NEGATIVE_FRACTION = 0.25
POSITIVE_PROBABILITY = 0.9


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def article_labels(folder):
    """The category lists of the native-format articles in `folder`."""
    result = []
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            text = f.read()
        section = text.split("### Category", 1)[-1].split("**Date Created**", 1)[0]
        result.append([line.split(".", 1)[1].strip() for line in section.splitlines()
                       if line.strip()[:1].isdigit() and "." in line])
    return result


def considered(label, args):
    return label not in args.skip and (not args.only or label in args.only)


def by_prior(documents, predictions, args):
    """Known positives and negatives per document index, ranked within pools (see above)."""
    carriers_of = [set(labels) for labels in article_labels(args.prior_articles)]
    pools = collections.defaultdict(list)
    for index, document in enumerate(documents):
        if document.get("annotated_labels") is not None and document["labels"]:
            pools[tuple(sorted(document["labels"]))].append(index)
    positives, negatives = collections.defaultdict(set), collections.defaultdict(set)
    for key, members in sorted(pools.items()):
        carriers = [labels for labels in carriers_of if set(key) <= labels]
        if not carriers:
            continue
        for label in sorted(predictions[members[0]]["scores"]):
            if not considered(label, args):
                continue
            prior = sum(label in labels for labels in carriers) / len(carriers)
            pool = [i for i in members if label not in documents[i]["annotated_labels"]]
            under_min_prior = prior < args.min_prior
            if not pool or (under_min_prior and not args.negatives_under_min_prior) or (args.negatives_only and not under_min_prior):
                continue
            pool.sort(key=lambda i: (-predictions[i]["scores"][label], documents[i]["id"]))
            top = 0 if under_min_prior else int(prior * len(pool))
            for i in pool[:top]:
                positives[i].add(label)
            for i in pool[max(len(pool) // 2, top):]:
                negatives[i].add(label)
    return positives, negatives


def by_thresholds(documents, predictions, args):
    """Known positives and negatives per document index, from confident probabilities (see above)."""
    with open(args.thresholds_from, encoding="utf-8") as f:
        info = json.load(f)
    thresholds = dict(zip(info["labels"], info.get("thresholds") or [info["threshold"]] * len(info["labels"])))
    positives, negatives = collections.defaultdict(set), collections.defaultdict(set)
    for index, (document, prediction) in enumerate(zip(documents, predictions)):
        if document.get("annotated_labels") is None:
            continue
        scores = prediction["scores"]
        unjudged = [l for l in scores if l not in document["annotated_labels"] and considered(l, args)]
        best = max(unjudged, key=lambda l: scores[l] / thresholds[l], default=None)
        for label in unjudged:
            if scores[label] < NEGATIVE_FRACTION * thresholds[label]:
                negatives[index].add(label)
            elif scores[label] >= max(args.positive_probability, thresholds[label]) and (label == best or not args.one_positive):
                positives[index].add(label)
    return positives, negatives


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("predictions")
    parser.add_argument("out")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--by-prior", action="store_true")
    mode.add_argument("--thresholds-from", metavar="INFO_JSON")
    parser.add_argument("--prior-articles", metavar="DIR")
    parser.add_argument("--min-prior", type=float, default=0.0)
    parser.add_argument("--negatives-under-min-prior", action="store_true")
    parser.add_argument("--negatives-only", action="store_true")
    parser.add_argument("--positive-probability", type=float, default=POSITIVE_PROBABILITY)
    parser.add_argument("--one-positive", action="store_true")
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--skip", action="append", default=[])
    args = parser.parse_args()
    if args.by_prior and not args.prior_articles:
        parser.error("--by-prior needs --prior-articles DIR")
    documents, predictions = read_lines(args.corpus), read_lines(args.predictions)
    if len(documents) != len(predictions) or any(d["id"] != p["id"] for d, p in zip(documents, predictions)):
        parser.error(f"{args.predictions} does not hold one prediction per document of {args.corpus}, in order")
    positives, negatives = (by_prior if args.by_prior else by_thresholds)(documents, predictions, args)
    gained = collections.defaultdict(lambda: [0, 0])
    with open(args.out + ".partial", "w", encoding="utf-8") as out:
        for index, document in enumerate(documents):
            for label in negatives[index]:
                gained[label][0] += 1
            for label in positives[index]:
                gained[label][1] += 1
            if positives[index] or negatives[index]:
                document["annotated_labels"] = sorted(set(document["annotated_labels"]) | positives[index] | negatives[index])
                document["labels"] = sorted(set(document["labels"]) | positives[index])
            out.write(json.dumps(document, ensure_ascii=False, sort_keys=True) + "\n")
    os.replace(args.out + ".partial", args.out)
    for label in sorted(gained):
        print(f"self-training: {label}: {gained[label][0]} known negatives, {gained[label][1]} known positives")


if __name__ == "__main__":
    main()
