/// A linear support vector machine: the squared hinge loss `max(0, 1 - y·score)²` per label,
/// one-vs-rest, L2-regularised with C = 1 as LIBLINEAR and scikit-learn's `LinearSVC`, solved
/// exactly by `DualCoordinateDescent`. It shares `LogisticRegression`'s held-out tuning of the
/// naive Bayes blend and its options; probabilities come from the margins divided by a
/// temperature fitted on held-out data (a softmax over labels for single-label corpora, sigmoids
/// for multi-label ones).
///
/// Why a second linear model: on 20 Newsgroups with word 1-2 grams the margin loss, which ignores
/// documents already classified with a margin, is more accurate than the logistic loss
/// (`classify eval`: 0.870 against 0.866; scikit-learn on the same features: LinearSVC 0.870,
/// one-vs-rest LogisticRegression at C = 10–100 0.861–0.864).
public struct LinearSVM: LinearModelClassifier {
    public static let name = "linear-svm"
    public static let origin = ClassifierRegistry.builtInOrigin
    public static let summary = "Linear SVM (squared hinge, one-vs-rest, C = 1), exact dual solver: the most accurate on long texts"
    static let loss = LinearLoss.squaredHinge
    public static let parameters: [ClassifierParameter] = LinearFit.sharedParameters.map { parameter in
        switch parameter.name {
        case "epochs": ClassifierParameter("epochs", default: "1000", .integer(1...100_000), help: "Maximum passes over the training data per label.")
        case "c": ClassifierParameter("c", default: "1", .number(0...1e12), help: "Inverse regularisation as in LIBLINEAR and scikit-learn's LinearSVC (λ = 1/(C·documents)); 0 to use --l2.")
        case "l2": ClassifierParameter("l2", default: "auto", parameter.kind, help: "With --c 0: L2 regularisation per document (λ), or auto to pick C from 0.5, 1, 2 on held-out data.")
        case "tol": ClassifierParameter("tol", default: "0.1", .number(1e-12...10), help: "Stop when the projected-gradient gap of the dual problem is below this (LIBLINEAR's eps).")
        default: parameter
        }
    }.filter { $0.name != "validation-fraction" }
    public static var recommendedFeatures: TfidfOptions { LogisticRegression.recommendedFeatures }

    public let parameters: ClassifierParameters
    let fit: LinearFit

    init(parameters: ClassifierParameters, fit: LinearFit) {
        self.parameters = parameters
        self.fit = fit
    }
}
