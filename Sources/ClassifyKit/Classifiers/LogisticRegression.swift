/// L2-regularised logistic regression: a softmax over labels for single-label corpora, independent
/// one-vs-rest sigmoids for multi-label corpora (so an article can be both Military and Politics,
/// each with its own probability).
///
/// Optimiser: averaged stochastic gradient descent (`AveragedSGD`) on the exact regularised
/// objective. Chosen by measurement on 20 Newsgroups with word 1-2 grams (11,314 documents ×
/// 385k features × 20 labels, release build, one core): one epoch takes about 0.5 s, the cost of
/// one full-batch gradient, and 3–5 epochs reach the test accuracy that full-batch L-BFGS
/// (scikit-learn's `lbfgs`) needs 50–60 s for (0.855 at C = 100). Each step touches only the rows
/// of the document's features; the `1 × labels` row updates and rescaling go through CBLAS.
///
/// Regularisation: `--l2 auto` (the default) picks λ from a grid (1e-5, 3e-6, 1e-6, 3e-7) by
/// accuracy (micro-F1 for multi-label) on a held-out
/// fifth of the training data, trained briefly for each candidate, then trains on everything
/// with the winner. A fixed `--seed` fixes the document order and the split, so training is
/// bit-for-bit reproducible; candidates and one-vs-rest label blocks run in parallel with
/// results that do not depend on the number of threads.
public struct LogisticRegression: LinearModelClassifier {
    public static let name = "logistic-regression"
    public static let origin = ClassifierRegistry.builtInOrigin
    public static let summary = "L2 logistic regression (softmax; one-vs-rest for multi-label), averaged SGD or exact dual: the default, with its own probabilities"
    static let loss = LinearLoss.logistic
    public static let parameters = LinearFit.sharedParameters + [
        ClassifierParameter("solver", default: "sgd", .text, help: "sgd (averaged SGD) or dual (multi-label only: exact dual coordinate descent per label, LIBLINEAR's -s 7 with its stopping rule, so --epochs and --tol do not apply; C from 10/30/100; ranks rare labels better, so pair it with --tune-thresholds)."),
    ]

    /// Word 1-2 grams, terms in more than half the documents dropped, one-character tokens kept,
    /// and title terms as for every classifier: on 20 Newsgroups (before title terms) 0.860
    /// against 0.854 with the naive Bayes defaults (measured with `classify eval`, `--l2 auto`).
    public static var recommendedFeatures: TfidfOptions {
        var options = TfidfOptions()
        options.ngramMax = 2
        options.maxDF = 0.5
        options.tokenizer.minTokenLength = 1
        return options
    }

    public let parameters: ClassifierParameters
    let fit: LinearFit

    init(parameters: ClassifierParameters, fit: LinearFit) {
        self.parameters = parameters
        self.fit = fit
    }
}
