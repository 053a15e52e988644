import ArgumentParser
import ClassifyKit

/// The root command: `classify` and its subcommands.
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Train, apply and evaluate document classifiers on TF-IDF features.",
        discussion: """
            Typical use:
              classify train Corpus/train -o news.classify   # learn from articles
              classify predict -m news.classify article.md   # categories of one
              classify eval -m news.classify Corpus/test      # how good is it?
              classify explain -m news.classify article.md   # why those categories
              classify tokenize -m news.classify article.md  # the features it sees
              classify info news.classify                     # what is in a model
            (article.md: any article, such as Corpus/test/mil-005.md in a checkout.)

            Corpora may be native articles (## Title / ### Category), JSON Lines,
            CSV/TSV, fastText lines or a folder per class; --format auto picks.
            `classify classifiers` lists the classifiers and their options.
            Without -m, predict, eval, explain and tokenize use the bundled default
            model.
            """,
        version: "0.1.0",
        subcommands: [Train.self, Predict.self, Eval.self, Explain.self, Tokenize.self, Info.self, Classifiers.self, Serve.self, Stats.self, Merge.self, Compress.self]
    )
}
