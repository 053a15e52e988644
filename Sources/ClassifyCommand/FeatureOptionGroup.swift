import ArgumentParser
import ClassifyKit

extension TfidfOptions.Norm: ExpressibleByArgument {}

/// TF-IDF and tokenizer options for training. Options not given take the chosen classifier's
/// recommended settings (`classify classifiers` shows them).
struct FeatureOptionGroup: ParsableArguments {
    @Option(help: "Use word n-grams up to this length (1 = words, 2 adds word pairs). This option and those below default to the classifier's recommended features, which `classify classifiers` lists.")
    var ngrams: Int?

    @Option(help: "Drop terms in fewer documents: a count ≥ 1 or a fraction < 1.")
    var minDf: Double?

    @Option(help: "Drop terms in more documents: a fraction ≤ 1 or a count > 1.")
    var maxDf: Double?

    @Option(help: "Keep only the N most frequent terms.")
    var maxFeatures: Int?

    @Flag(inversion: .prefixedNo, help: "Weight term counts as 1 + ln(tf).")
    var sublinearTf: Bool?

    @Flag(inversion: .prefixedNo, help: "Weight terms by inverse document frequency.")
    var idf: Bool?

    @Option(help: "Document vector normalisation: l2, l1 or none.")
    var norm: TfidfOptions.Norm?

    @Option(help: "Drop tokens shorter than this many characters.")
    var minTokenLength: Int?

    @Flag(inversion: .prefixedNo, help: "Lowercase tokens.")
    var lowercase: Bool?

    @Flag(inversion: .prefixedNo, help: "Count the title's words again as features of their own (title:word): the document's title, or in text without one its Subject: header or first line (default on).")
    var titleTerms: Bool?

    @Option(help: ArgumentHelp("Character n-grams within words as a second block of features, e.g. 3-5 or 4 (0: off, the default).", valueName: "min-max"))
    var charNgrams: String?

    @Option(name: .customLong("block"), help: ArgumentHelp("Stack a feature block after the TF-IDF features: KIND or KIND:NAME=VALUE,… (repeatable; `classify classifiers` lists the kinds this build has).", valueName: "kind"))
    var blocks: [String] = []

    @Option(help: ArgumentHelp("Hash word n-grams into 2^BITS columns instead of counting the vocabulary exactly: memory fixed by BITS (try 20–22) for vocabularies too large to count; explain names the most frequent term of each column.", valueName: "bits"))
    var hashFeatures: Int?

    /// The feature blocks chosen: the hashed words of `--hash-features` (matching `words`, the
    /// TF-IDF options), then each `--block`.
    func blockChoices(words: TfidfOptions) throws -> [FeatureBlockChoice] {
        try (hashFeatures.map { [HashedTerms.choice(bits: $0, matching: words)] } ?? []) + blocks.map(FeatureBlockChoice.init(parsing:))
    }

    /// `3-5` → (3, 5), `4` → (4, 4), `0` → (0, 0); nil when it is not such a value.
    static func lengths(_ text: String) -> (min: Int, max: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        switch parts.count {
        case 1: return parts[0].map { ($0, $0) }
        case 2: if let a = parts[0], let b = parts[1] { return (a, b) } else { return nil }
        default: return nil
        }
    }

    func validate() throws {
        if let hashFeatures, !(HashedTerms.minimumBits...HashedTerms.maximumBits).contains(hashFeatures) {
            throw ValidationError("--hash-features must be between \(HashedTerms.minimumBits) and \(HashedTerms.maximumBits) (got \(hashFeatures))")
        }
        if let charNgrams, Self.lengths(charNgrams) == nil {
            throw ValidationError("--char-ngrams takes MIN-MAX (e.g. 3-5), one length, or 0 for off; got \"\(charNgrams)\"")
        }
    }

    /// `base` with every given option applied.
    func apply(to base: TfidfOptions) -> TfidfOptions {
        var options = base
        if let ngrams { options.ngramMax = ngrams }
        if let minDf { options.minDF = minDf }
        if let maxDf { options.maxDF = maxDf }
        if let maxFeatures { options.maxFeatures = maxFeatures }
        if let sublinearTf { options.sublinearTF = sublinearTf }
        if let idf { options.useIDF = idf }
        if let norm { options.norm = norm }
        if let minTokenLength { options.tokenizer.minTokenLength = minTokenLength }
        if let lowercase { options.tokenizer.lowercase = lowercase }
        if let titleTerms { options.titleTerms = titleTerms }
        if let charNgrams, let range = Self.lengths(charNgrams) {
            options.charNgramMin = range.min
            options.charNgramMax = range.max
        }
        if hashFeatures != nil { options.exactTerms = false }
        return options
    }
}
