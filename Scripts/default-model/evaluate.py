#!/usr/bin/env python3
"""Measures a model on real news in the default model's taxonomy, as Models/README.md reports it.

    evaluate.py CLASSIFY MODEL DATA HEADLINES [--json]

DATA holds the mapped test splits that corpora.py writes (bbc-test.jsonl, agnews-test.jsonl);
HEADLINES is the one-sentence headline fixture. For each set: the share of documents that carry
their mapped label, the share whose mapped label scores highest, the mean and largest number of
labels, and how many got a never-alone label (Main) by itself; then the same by category, and
for BBC test cut to its first 10, 30 and 100 words and its whole articles grouped by length; and
the AG News World test items split by whether they are about war, the military, terrorism or
security (agnews-world-military.jsonl beside this script: each of the 380 items judged by reading
it), with the share of each half tagged with the military label and with the politics label.
Prints Markdown (or JSON with --json).
"""
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

NEVER_ALONE = "Main"
MILITARY = "Army-Wars-Conflict Zones-Military Tech."
POLITICS = "Politics-Geopolitics-Gov.-Events"
MILITARY_JUDGEMENTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "agnews-world-military.jsonl")
LENGTHS = [10, 30, 100]
# Upper bounds (exclusive) of the article-length groups of whole BBC test articles, in words.
LENGTH_GROUPS = [300, 600, 1000]


def read(path):
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def truncated(documents, words):
    """The documents cut to their first `words` words, split as `Document.truncated` splits."""
    return [dict(d, text=" ".join([w for w in re.split(r"[ \n\t\r]+", d["text"]) if w][:words])) for d in documents]


def predict(classify, model, documents):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for d in documents:
            f.write(json.dumps({"id": d["id"], "text": d["text"]}) + "\n")
        path = f.name
    try:
        out = subprocess.run([classify, "predict", "-m", model, path, "--json", "--quiet"],
                             check=True, capture_output=True, text=True, encoding="utf-8", env=dict(os.environ, OPENBLAS_NUM_THREADS="1")).stdout
    finally:
        os.unlink(path)
    return [json.loads(line) for line in out.splitlines()]


def measure(documents, predictions):
    """Figures over documents with one expected label each (their first mapped label)."""
    n = carried = top = labels = alone = 0
    largest = 0
    for d, p in zip(documents, predictions):
        assert d["id"] == p["id"], (d["id"], p["id"])
        labels += len(p["labels"])
        largest = max(largest, len(p["labels"]))
        alone += p["labels"] == [NEVER_ALONE]
        if not d["labels"]:
            continue
        expected = d["labels"][0]
        n += 1
        carried += expected in p["labels"]
        top += max(p["scores"], key=lambda l: (p["scores"][l], l)) == expected
    count = len(documents)
    return {
        "documents": count, "carried": carried / n if n else None, "top": top / n if n else None,
        "mean_labels": labels / count, "max_labels": largest, "never_alone_alone": alone,
    }


def by_category(documents, predictions):
    groups = collections.defaultdict(list)
    for d, p in zip(documents, predictions):
        groups[(d.get("source_labels") or d["labels"])[0]].append((d, p))
    return {c: measure(*zip(*pairs)) for c, pairs in sorted(groups.items())}


def length_group_names():
    """The names of the article-length groups, shortest first."""
    lowers = [0] + LENGTH_GROUPS
    return [f"{lower:,}–{upper - 1:,} words" for lower, upper in zip(lowers, LENGTH_GROUPS)] + [f"{lowers[-1]:,} words or more"]


def by_own_length(documents, predictions):
    """The figures of whole documents grouped by their own length in words, shortest first."""
    groups = collections.defaultdict(list)
    for d, p in zip(documents, predictions):
        words = len([w for w in re.split(r"[ \n\t\r]+", d["text"]) if w])
        groups[sum(words >= upper for upper in LENGTH_GROUPS)].append((d, p))
    names = length_group_names()
    return {names[group]: measure(*zip(*pairs)) for group, pairs in sorted(groups.items())}


def military_split(documents, predictions):
    """The shares of AG News World items, military or not, tagged military and tagged politics."""
    judged = {d["id"]: d["military"] for d in read(MILITARY_JUDGEMENTS)}
    halves = collections.defaultdict(list)
    for d, p in zip(documents, predictions):
        key = d["id"].split("/", 1)[1]
        if key in judged:
            halves["military" if judged[key] else "other"].append(p["labels"])
    return {
        half: {"documents": len(labels), "military": sum(MILITARY in l for l in labels) / len(labels),
               "politics": sum(POLITICS in l for l in labels) / len(labels)}
        for half, labels in sorted(halves.items())
    }


def main():
    args = [a for a in sys.argv[1:] if a != "--json"]
    if len(args) != 4:
        sys.exit(__doc__)
    classify, model, data, headlines = args
    sets = {
        "BBC News test": read(os.path.join(data, "bbc-test.jsonl")),
        "AG News test": read(os.path.join(data, "agnews-test.jsonl")),
        "headlines": read(headlines),
    }
    report = {"sets": {}, "categories": {}, "lengths": {}, "own_lengths": {}, "military": {}}
    for name, documents in sets.items():
        predictions = predict(classify, model, documents)
        report["sets"][name] = measure(documents, predictions)
        if name == "AG News test":
            report["military"] = military_split(documents, predictions)
        if name == "BBC News test":
            report["own_lengths"] = by_own_length(documents, predictions)
        report["categories"][name] = by_category(documents, predictions)
    bbc = sets["BBC News test"]
    for words in LENGTHS:
        report["lengths"][f"first {words} words"] = measure(bbc, predict(classify, model, truncated(bbc, words)))
    report["lengths"]["whole articles"] = report["sets"]["BBC News test"]
    if "--json" in sys.argv:
        print(json.dumps(report, indent=2))
        return
    def row(name, m):
        f = lambda x: "–" if x is None else f"{x:.3f}"
        return f"| {name} | {m['documents']} | {f(m['carried'])} | {f(m['top'])} | {m['mean_labels']:.2f} | {m['max_labels']} | {m['never_alone_alone']} |"
    head = "| {} | documents | carry the expected label | expected label scores highest | mean labels | most labels | Main alone |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    print(head.format("set"))
    for name, m in report["sets"].items():
        print(row(name, m))
    for name, categories in report["categories"].items():
        print()
        print(head.format(f"{name} category"))
        for c, m in categories.items():
            print(row(c, m))
    print()
    print(head.format("BBC News test, length"))
    for name, m in report["lengths"].items():
        print(row(name, m))
    print()
    print(head.format("BBC News test, whole articles of"))
    for name, m in report["own_lengths"].items():
        print(row(name, m))
    print()
    print("| AG News World test items | documents | tagged military | tagged politics |\n| --- | ---: | ---: | ---: |")
    for half, m in report["military"].items():
        print(f"| {'about war, the military, terrorism or security' if half == 'military' else 'the others'} | {m['documents']} | {m['military']:.3f} | {m['politics']:.3f} |")


if __name__ == "__main__":
    main()
