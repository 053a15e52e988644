#!/usr/bin/env python3
"""The public corpora of ../shared/corpora in the taxonomy of the default model.

Each corpus annotates only some of the taxonomy's labels, so every mapped document says which
labels it was judged for ("annotated_labels"): the labels its corpus's categories map to. It is a
known positive for the label its category maps to and a known negative for the corpus's other
mapped labels; training leaves every other label unknown for it. Documents of a category that maps
to no label are known negatives for the corpus's mapped labels.

    corpora.py SHARED OUT     writes OUT/train.jsonl (every corpus's training split) and, for the
                              corpora evaluated in Models/README.md, OUT/<corpus>-test.jsonl

The mappings are documented category by category in Models/README.md.
"""
import json
import os
import sys

MILITARY = "Army-Wars-Conflict Zones-Military Tech."
POLITICS = "Politics-Geopolitics-Gov.-Events"
ECONOMY = "Economy-Business-Finance"
SCIENCE = "Science-Technology-Space"
HEALTH = "Health-Medicine"
ENERGY = "Energy-Environment-Climate"
SOCIETY = "Society-Culture-Education"
CRIME = "Crime-Law-Justice"
SPORT = "Sport"

BBC = {
    "business": [ECONOMY],
    "entertainment": [SOCIETY],
    "politics": [POLITICS],
    "sport": [SPORT],
    "tech": [SCIENCE],
}

AG_NEWS = {
    "World": [POLITICS],
    "Sports": [SPORT],
    "Business": [ECONOMY],
    "Sci/Tech": [SCIENCE],
}

NEWSGROUPS = {
    "comp.graphics": [SCIENCE],
    "comp.os.ms-windows.misc": [SCIENCE],
    "comp.sys.ibm.pc.hardware": [SCIENCE],
    "comp.sys.mac.hardware": [SCIENCE],
    "comp.windows.x": [SCIENCE],
    "sci.crypt": [SCIENCE],
    "sci.electronics": [SCIENCE],
    "sci.space": [SCIENCE],
    "sci.med": [HEALTH],
    "rec.sport.baseball": [SPORT],
    "rec.sport.hockey": [SPORT],
    "talk.politics.misc": [POLITICS],
    "talk.politics.guns": [POLITICS],
    "talk.politics.mideast": [POLITICS],
    "alt.atheism": [SOCIETY],
    "soc.religion.christian": [SOCIETY],
    "talk.religion.misc": [SOCIETY],
    # Known negatives for the five labels above.
    "misc.forsale": [],
    "rec.autos": [],
    "rec.motorcycles": [],
}

# Reuters-21578 is a financial newswire: every story is economy news; its energy topics are
# energy news too.
REUTERS_ENERGY = {"crude", "nat-gas", "gas", "fuel", "heat", "propane", "jet", "naphtha", "pet-chem"}


def reuters(categories):
    return [ECONOMY] + ([ENERGY] if REUTERS_ENERGY & set(categories) else [])


def single(mapping):
    return lambda categories: sorted({label for category in categories for label in mapping[category]})


# name → (how a document's categories map to labels, the labels the corpus is judged for)
CORPORA = {
    "bbc": (single(BBC), sorted({l for ls in BBC.values() for l in ls})),
    "agnews": (single(AG_NEWS), sorted({l for ls in AG_NEWS.values() for l in ls})),
    "20newsgroups": (single(NEWSGROUPS), sorted({l for ls in NEWSGROUPS.values() for l in ls})),
    "reuters21578": (reuters, [ECONOMY, ENERGY]),
}

# The corpora whose test splits Models/README.md reports.
EVALUATED = ["bbc", "agnews"]


def mapped(shared, name, split):
    mapping, judged = CORPORA[name]
    with open(os.path.join(shared, "corpora", name, f"{split}.jsonl"), encoding="utf-8") as lines:
        for line in lines:
            document = json.loads(line)
            yield {
                "id": f"{name}/{document['id']}",
                "text": document["text"],
                "labels": mapping(document["labels"]),
                "annotated_labels": judged,
                "source_labels": document["labels"],
            }


def write(path, documents):
    with open(path + ".partial", "w", encoding="utf-8") as out:
        for document in documents:
            out.write(json.dumps(document, ensure_ascii=False, sort_keys=True) + "\n")
    os.replace(path + ".partial", path)


def main(shared, out, names):
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, "train.jsonl"), (d for name in names for d in mapped(shared, name, "train")))
    for name in EVALUATED:
        write(os.path.join(out, f"{name}-test.jsonl"), mapped(shared, name, "test"))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: corpora.py SHARED OUT [CORPUS…]  (corpora: " + ", ".join(CORPORA) + ")")
    main(sys.argv[1], sys.argv[2], sys.argv[3:] or list(CORPORA))
