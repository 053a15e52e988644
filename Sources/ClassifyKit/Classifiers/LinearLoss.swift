/// The loss a linear classifier minimises: `LogisticRegression`'s (averaged SGD, or dual
/// coordinate descent with `--solver dual`) or `LinearSVM`'s (dual coordinate descent).
public enum LinearLoss: Sendable {
    /// Cross-entropy: a softmax over labels for one-of-many targets, one sigmoid per label for
    /// one-vs-rest targets.
    case logistic
    /// `max(0, 1 - y·z)²` per label, one-vs-rest, solved exactly by `DualCoordinateDescent`.
    case squaredHinge
}
