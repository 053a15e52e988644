#!/usr/bin/env python3
"""Would word-bounded character n-grams lift the linear models? The scikit-learn check behind
classify's `--char-ngrams` (and its per-block normalisation; classify takes the n-grams from its
own tokens rather than from whitespace-separated chunks).

Word 1-2 grams as `classify classifiers` recommends for the linear models (min-df 2, max-df 0.5,
sublinear tf, one-character tokens), then the same plus character n-grams within words
(`analyzer='char_wb'`, min-df 2, sublinear tf) as a second block: each block L2-normalised on its
own, the two side by side normalised again. `--joint` instead puts the character n-grams into the
word vectorizer, one normalisation for both. SGDClassifier with log loss (alpha 3e-6) and
LinearSVC (C = 1); single-label corpora. Run with the benchmark's environment (20 Newsgroups
takes several minutes):

    Scripts/bench/.venv/bin/python Scripts/bench/experiments/char_ngrams.py [--corpora DIR] [--joint] [corpus ...]

Measured 2026-11-27 (blocks, char n-grams 2-4 / 3-5):
  20newsgroups  words log 0.8633 svc 0.8696 | 2-4 log 0.8682 svc 0.8739 | 3-5 log 0.8695 svc 0.8741
  agnews        words log 0.8704 svc 0.8770 | 2-4 log 0.8803 svc 0.8822 | 3-5 log 0.8836 svc 0.8822
  bbc           words log 0.9842 svc 0.9887 | 2-4 log 0.9910 svc 0.9932 | 3-5 log 0.9887 svc 0.9910
With --joint (one normalisation) AG News falls to log 0.8599 / 0.8671: the many character n-grams
swamp the words, so the blocks must be normalised apart. The features grow 2-2.6 times.
"""
import argparse, json, os, re
import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--corpora", default=os.path.join(here, "..", "..", "..", "..", "shared", "corpora"))
parser.add_argument("--joint", action="store_true")
parser.add_argument("corpus", nargs="*", default=["agnews", "bbc", "20newsgroups"])
args = parser.parse_args()
TOKEN = re.compile(r"(?u)\b\w+\b")


def load(path):
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            texts.append(d["text"])
            labels.append(d["labels"][0])
    return texts, np.array(labels)


def joint_analyzer(lo, hi):
    def analyze(doc):
        words = TOKEN.findall(doc.lower())
        out = words + [a + " " + b for a, b in zip(words, words[1:])]
        for w in words:
            padded = " " + w + " "
            out += ["#" + padded[i:i + n] for n in range(lo, hi + 1) for i in range(len(padded) - n + 1)]
        return out
    return analyze


for corpus in args.corpus:
    folder = os.path.join(args.corpora, corpus)
    if not os.path.exists(os.path.join(folder, "train.jsonl")):
        print(f"{corpus}: skipped, {folder} not found")
        continue
    train_texts, train_labels = load(os.path.join(folder, "train.jsonl"))
    test_texts, test_labels = load(os.path.join(folder, "test.jsonl"))
    words = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.5, ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b")
    a, b = words.fit_transform(train_texts), words.transform(test_texts)
    variants = [("words", a, b)]
    for lo, hi in [(2, 4), (3, 5)]:
        if args.joint:
            v = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.5, analyzer=joint_analyzer(lo, hi))
            variants.append((f"joint char {lo}-{hi}", v.fit_transform(train_texts), v.transform(test_texts)))
        else:
            chars = TfidfVectorizer(sublinear_tf=True, min_df=2, analyzer="char_wb", ngram_range=(lo, hi))
            c, d = chars.fit_transform(train_texts), chars.transform(test_texts)
            variants.append((f"+ char {lo}-{hi}", normalize(sp.hstack([a, c]).tocsr()), normalize(sp.hstack([b, d]).tocsr())))
    for name, train, test in variants:
        out = [f"{corpus:13}", f"{name:14}", f"{train.shape[1]:8} features"]
        for label, model in [("log", SGDClassifier(loss="log_loss", alpha=3e-6, random_state=0)), ("svc", LinearSVC(C=1))]:
            model.fit(train, train_labels)
            out.append(f"{label} {np.mean(model.predict(test) == test_labels):.4f}")
        print(" | ".join(out), flush=True)
