/// Settings of the TF-IDF vectorizer. Stored in every model so that prediction computes the same
/// features as training.
///
/// Defaults were chosen by measurement on `../shared/corpora` (see README, "Choosing the defaults").
public struct TfidfOptions: Codable, Sendable, Equatable {
    /// Vector normalisation of each document.
    public enum Norm: String, Codable, Sendable, CaseIterable {
        case l2, l1, none
    }

    /// The shortest word n-gram used (1 = single words).
    public var ngramMin: Int = 1
    /// The longest word n-gram used (2 adds word pairs).
    public var ngramMax: Int = 1
    /// Terms in fewer documents are dropped: a count when ≥ 1, a fraction of documents when < 1.
    public var minDF: Double = 2
    /// Terms in more documents are dropped: a fraction when ≤ 1, a count when > 1.
    public var maxDF: Double = 1.0
    /// Keep only the most frequent terms (by corpus count); nil keeps all.
    public var maxFeatures: Int?
    /// Use `1 + ln(tf)` instead of raw term counts.
    public var sublinearTF: Bool = true
    /// Weight terms by inverse document frequency.
    public var useIDF: Bool = true
    /// `ln((1 + n) / (1 + df)) + 1` instead of `ln(n / df) + 1`.
    public var smoothIDF: Bool = true
    /// How each document vector is normalised.
    public var norm: Norm = .l2
    /// How text is split into tokens.
    public var tokenizer: TokenizerOptions = TokenizerOptions()
    /// Count the title's terms once more as features of their own (`title:word`): the document's
    /// own title, or for text without one the `Subject:` header of an e-mail, mbox message or
    /// Usenet post, otherwise the first line (`TitleLocator`). On 20 Newsgroups this lifted accuracy by 0.8 (linear SVM) to 2.1 points
    /// (multinomial naive Bayes); first-line titles (BBC, AG News, Reuters) moved accuracy and
    /// micro-F1 by less than a point either way (README, "Choosing the defaults"). Models written
    /// before it existed decode with it off.
    public var titleTerms: Bool = true
    /// The shortest character n-gram within words (0: no character n-grams). Character n-grams
    /// are taken inside each token padded with a space on either side (like scikit-learn's
    /// `char_wb`, but over classify's tokens), prefixed `#`, and weighted as a second block of the
    /// vector, normalised apart from the words so that their numbers do not swamp them
    /// (`Scripts/bench/experiments/char_ngrams.py`). Only min-df selects them; max-df and
    /// max-features apply to the words.
    public var charNgramMin: Int = 0
    /// The longest character n-gram within words (0: none).
    public var charNgramMax: Int = 0
    /// Count the vocabulary exactly. Off, the block has no columns and counts nothing, for models
    /// whose words come from a feature block instead (`HashedTerms`, `--hash-features`).
    public var exactTerms: Bool = true

    /// Whether character n-grams are on.
    public var charNgrams: Bool { charNgramMax > 0 }

    public init() {}

    enum CodingKeys: String, CodingKey {
        case ngramMin = "ngram_min", ngramMax = "ngram_max", minDF = "min_df", maxDF = "max_df"
        case maxFeatures = "max_features", sublinearTF = "sublinear_tf", useIDF = "use_idf"
        case smoothIDF = "smooth_idf", norm, tokenizer, titleTerms = "title_terms"
        case charNgramMin = "char_ngram_min", charNgramMax = "char_ngram_max", exactTerms = "exact_terms"
    }

    /// Models written before title terms existed have no `title_terms` key: they had none.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ngramMin = try container.decode(Int.self, forKey: .ngramMin)
        ngramMax = try container.decode(Int.self, forKey: .ngramMax)
        minDF = try container.decode(Double.self, forKey: .minDF)
        maxDF = try container.decode(Double.self, forKey: .maxDF)
        maxFeatures = try container.decodeIfPresent(Int.self, forKey: .maxFeatures)
        sublinearTF = try container.decode(Bool.self, forKey: .sublinearTF)
        useIDF = try container.decode(Bool.self, forKey: .useIDF)
        smoothIDF = try container.decode(Bool.self, forKey: .smoothIDF)
        norm = try container.decode(Norm.self, forKey: .norm)
        tokenizer = try container.decode(TokenizerOptions.self, forKey: .tokenizer)
        titleTerms = try container.decodeIfPresent(Bool.self, forKey: .titleTerms) ?? false
        charNgramMin = try container.decodeIfPresent(Int.self, forKey: .charNgramMin) ?? 0
        charNgramMax = try container.decodeIfPresent(Int.self, forKey: .charNgramMax) ?? 0
        exactTerms = try container.decodeIfPresent(Bool.self, forKey: .exactTerms) ?? true
    }

    /// Character n-gram keys are written only when they are on, and `exact_terms` only when off,
    /// so a model without them has the same bytes as before they existed.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ngramMin, forKey: .ngramMin)
        try container.encode(ngramMax, forKey: .ngramMax)
        try container.encode(minDF, forKey: .minDF)
        try container.encode(maxDF, forKey: .maxDF)
        try container.encodeIfPresent(maxFeatures, forKey: .maxFeatures)
        try container.encode(sublinearTF, forKey: .sublinearTF)
        try container.encode(useIDF, forKey: .useIDF)
        try container.encode(smoothIDF, forKey: .smoothIDF)
        try container.encode(norm, forKey: .norm)
        try container.encode(tokenizer, forKey: .tokenizer)
        try container.encode(titleTerms, forKey: .titleTerms)
        if charNgrams || charNgramMin != 0 {
            try container.encode(charNgramMin, forKey: .charNgramMin)
            try container.encode(charNgramMax, forKey: .charNgramMax)
        }
        if !exactTerms { try container.encode(exactTerms, forKey: .exactTerms) }
    }

    /// Checks that the settings make sense; the message names the option to change.
    public func validate() throws {
        guard ngramMin >= 1, ngramMax >= ngramMin, ngramMax <= 3 else {
            throw FeatureError("--ngrams must be 1, 2 or 3 (got \(ngramMin == 1 ? "\(ngramMax)" : "\(ngramMin) to \(ngramMax)"))")
        }
        guard minDF > 0, minDF <= Self.largestCount else {
            throw FeatureError("--min-df must be a count from 1 to \(Int(Self.largestCount)) or a fraction between 0 and 1 (got \(Self.format(minDF)))")
        }
        guard maxDF > 0, maxDF <= Self.largestCount else {
            throw FeatureError("--max-df must be a fraction between 0 and 1 or a count from 1 to \(Int(Self.largestCount)) (got \(Self.format(maxDF)))")
        }
        if let maxFeatures, maxFeatures < 1 || Double(maxFeatures) > Self.largestCount {
            throw FeatureError("--max-features must be from 1 to \(Int(Self.largestCount)) (got \(maxFeatures))")
        }
        guard (1...TokenizerOptions.largestMinTokenLength).contains(tokenizer.minTokenLength) else {
            throw FeatureError("--min-token-length must be from 1 to \(TokenizerOptions.largestMinTokenLength) (got \(tokenizer.minTokenLength))")
        }
        guard (charNgramMin == 0 && charNgramMax == 0) || (1...8).contains(charNgramMin) && (charNgramMin...8).contains(charNgramMax) else {
            throw FeatureError("--char-ngrams must be 0 (off) or MIN-MAX with 1 ≤ MIN ≤ MAX ≤ 8 (got \(charNgramMin)-\(charNgramMax))")
        }
    }

    /// A short human-readable summary, e.g. `1-2 word grams, min-df 2, max-df 0.5, sublinear tf, smooth idf, norm l2, min token length 1, title terms`.
    public var summary: String {
        guard exactTerms else { return "no exact vocabulary" }
        var parts = [ngramMax == 1 && ngramMin == 1 ? "words" : "\(ngramMin)-\(ngramMax) word grams"]
        parts.append("min-df \(Self.format(minDF))")
        parts.append("max-df \(Self.format(maxDF))")
        if let maxFeatures { parts.append("max-features \(maxFeatures)") }
        parts.append(sublinearTF ? "sublinear tf" : "raw tf")
        parts.append(useIDF ? (smoothIDF ? "smooth idf" : "idf") : "no idf")
        parts.append("norm \(norm.rawValue)")
        parts.append("min token length \(tokenizer.minTokenLength)")
        parts.append(titleTerms ? "title terms" : "no title terms")
        if charNgrams { parts.append("char \(charNgramMin)-\(charNgramMax) grams") }
        return parts.joined(separator: ", ")
    }

    /// The largest document count a corpus can have (term ids and counts are 32-bit).
    public static let largestCount = Double(Int32.max)

    /// `value` as an integer when it is one, else as written (never traps).
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// A problem with feature settings.
public struct FeatureError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
