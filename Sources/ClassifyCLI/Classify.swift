import ArgumentParser
import ClassifyKit

@main
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Train, apply and evaluate document classifiers on TF-IDF features.",
        discussion: """
            Typical use:
              classify train Corpus/train -o news.classify          # learn from labelled articles
              classify predict -m news.classify article.md          # categories of a new article
              classify eval -m news.classify Corpus/test             # how good is it?
              classify info news.classify                            # what is in a model

            Corpora may be native articles (## Title / ### Category), JSON Lines, CSV/TSV,
            fastText lines or a folder per class; --format auto (the default) picks.
            `classify classifiers` lists the classifiers and their options.
            """,
        version: "0.1.0",
        subcommands: [Train.self, Predict.self, Eval.self, Explain.self, Info.self, Classifiers.self]
    )
}
