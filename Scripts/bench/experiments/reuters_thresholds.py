#!/usr/bin/env python3
"""How far can per-label thresholds take Reuters-21578's macro-F1 with an exact linear model?

scikit-learn one-vs-rest LogisticRegression (liblinear, C = 10 and 100) and LinearSVC (C = 1) on
classify's 1-2 gram features; thresholds by the break-even rule of `classify train
--tune-thresholds` (per label, predict as many out-of-fold documents as carry it, 5 folds), the
most probable label when none passes, as `classify` decides. Prints micro/macro-F1 at the default
threshold and with the tuned ones. Run with the benchmark's environment:

    Scripts/bench/.venv/bin/python Scripts/bench/experiments/reuters_thresholds.py [--corpora DIR]

About 3 minutes.
"""
import argparse, json, os, time
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--corpora", default=os.path.join(here, "..", "..", "..", "..", "shared", "corpora"))
args = parser.parse_args()


def load(path):
    texts, labels = [], []
    for line in open(path):
        d = json.loads(line)
        texts.append(d["text"]); labels.append(d["labels"])
    return texts, labels


folder = os.path.join(args.corpora, "reuters21578")
train_texts, train_labels = load(os.path.join(folder, "train.jsonl"))
test_texts, test_labels = load(os.path.join(folder, "test.jsonl"))
binarizer = MultiLabelBinarizer(); Y = binarizer.fit_transform(train_labels); T = binarizer.transform(test_labels).astype(bool)
vectorizer = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.5, ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b")
A = vectorizer.fit_transform(train_texts); B = vectorizer.transform(test_texts)


def f1s(scores, thresholds):
    predicted = scores >= thresholds[None, :]
    none = ~predicted.any(1)
    predicted[none, np.argmax(scores[none], 1)] = True
    tp = (predicted & T).sum(0); fp = (predicted & ~T).sum(0); fn = (~predicted & T).sum(0)
    macro = np.where(tp + fp + fn > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0).mean()
    return 2 * tp.sum() / (2 * tp.sum() + fp.sum() + fn.sum()), macro


for name, make in [("LogisticRegression C=10", lambda: LogisticRegression(C=10, solver="liblinear")),
                   ("LogisticRegression C=100", lambda: LogisticRegression(C=100, solver="liblinear")),
                   ("LinearSVC C=1", lambda: LinearSVC(C=1))]:
    start = time.time()
    out_of_fold = np.zeros(Y.shape)
    for train, held in KFold(5, shuffle=True, random_state=0).split(A):
        present = Y[train].sum(0) > 0
        model = OneVsRestClassifier(make()).fit(A[train], Y[train][:, present])
        out_of_fold[np.ix_(held, np.where(present)[0])] = model.decision_function(A[held])
        out_of_fold[np.ix_(held, np.where(~present)[0])] = -1e9
    scores = OneVsRestClassifier(make()).fit(A, Y).decision_function(B)
    thresholds = []
    for label in range(Y.shape[1]):
        k = Y[:, label].sum(); ranked = np.sort(out_of_fold[:, label])[::-1]
        thresholds.append((ranked[k - 1] + ranked[k]) / 2)
    default = f1s(scores, np.zeros(Y.shape[1])); tuned = f1s(scores, np.array(thresholds))
    print(f"{name}: default threshold micro {default[0]:.4f} macro {default[1]:.4f}; "
          f"break-even thresholds micro {tuned[0]:.4f} macro {tuned[1]:.4f}  ({time.time() - start:.0f} s)", flush=True)
