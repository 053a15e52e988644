#!/usr/bin/env python3
"""How often AG News's own label can score highest: the yardstick for the default model's AG figures.

    ceiling.py CLASSIFY MODEL DATA

DATA holds what corpora.py writes (train.jsonl, agnews-test.jsonl). Trains single-label
classifiers that choose only among the four labels AG News maps to, on the mapped AG News
training items alone and on every mapped training document that carries exactly one of those
labels, and measures on the mapped AG News test split the share whose mapped label scores highest
(top 1) and is among the two highest (top 2); then the same for MODEL (the default model) with its
scores restricted to those four labels, and over all its labels. Prints Markdown.
"""
import json
import os
import subprocess
import sys
import tempfile

AG_NEWS_LABELS = ["Economy-Business-Finance", "Politics-Geopolitics-Gov.-Events", "Science-Technology-Space", "Sport"]
CLASSIFIERS = ["logistic-regression", "complement-nb", "linear-svm", "multinomial-nb"]
SEED = "0"


def read(path):
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def write(path, documents):
    with open(path, "w", encoding="utf-8") as f:
        for d in documents:
            f.write(json.dumps({"id": d["id"], "text": d["text"], "labels": d["labels"]}, ensure_ascii=False) + "\n")


def single_labelled(documents, only_agnews):
    """The documents carrying exactly one of the AG News labels, with that label alone."""
    result = []
    for d in documents:
        kept = [label for label in d["labels"] if label in AG_NEWS_LABELS]
        if len(kept) == 1 and (not only_agnews or d["id"].startswith("agnews/")):
            result.append(dict(d, labels=kept))
    return result


def run(classify, *arguments):
    return subprocess.run([classify, *arguments], check=True, capture_output=True, text=True, encoding="utf-8",
                          env=dict(os.environ, OPENBLAS_NUM_THREADS="1")).stdout


def ranks(documents, predictions, labels):
    """The shares of documents whose first label is first, and among the first two, of `labels`."""
    first = second = 0
    for d, p in zip(documents, predictions):
        assert d["id"] == p["id"], (d["id"], p["id"])
        scores = {label: score for label, score in p["scores"].items() if labels is None or label in labels}
        order = sorted(scores, key=lambda label: (-scores[label], label))
        first += order[0] == d["labels"][0]
        second += d["labels"][0] in order[:2]
    return first / len(documents), second / len(documents)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    classify, model, data = sys.argv[1:]
    test = read(os.path.join(data, "agnews-test.jsonl"))
    train = read(os.path.join(data, "train.jsonl"))
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        test_path = os.path.join(folder, "test.jsonl")
        write(test_path, test)
        for name, only_agnews in [("AG News training items", True), ("every mapped corpus", False)]:
            documents = single_labelled(train, only_agnews)
            train_path = os.path.join(folder, "train.jsonl")
            write(train_path, documents)
            for classifier in CLASSIFIERS if only_agnews else CLASSIFIERS[:1]:
                trained = os.path.join(folder, "four.classify")
                run(classify, "train", train_path, "-o", trained, "-c", classifier, "--seed", SEED, "--quiet")
                predictions = [json.loads(line) for line in run(classify, "predict", "-m", trained, test_path, "--json", "--quiet").splitlines()]
                rows.append((f"{classifier}, four labels, trained on {name} ({len(documents)})", *ranks(test, predictions, None)))
        predictions = [json.loads(line) for line in run(classify, "predict", "-m", model, test_path, "--json", "--quiet").splitlines()]
        rows.append(("the default model, its scores of the four labels only", *ranks(test, predictions, set(AG_NEWS_LABELS))))
        rows.append(("the default model, all its labels", *ranks(test, predictions, None)))
    print(f"| AG News test ({len(test)}): classifier | mapped label scores highest | among the two highest |")
    print("| --- | ---: | ---: |")
    for name, first, second in rows:
        print(f"| {name} | {first:.3f} | {second:.3f} |")


if __name__ == "__main__":
    main()
