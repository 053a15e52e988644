import Foundation

/// Reads and writes `.classify` model files.
///
/// Layout (all integers little-endian):
///
/// | offset | size | content |
/// | --- | --- | --- |
/// | 0 | 8 | magic `89 43 4C 53 46 59 0D 0A` ("\x89CLSFY\r\n") |
/// | 8 | 4 | format version (UInt32): 8. Older files still load: 7 had no whole-number sections (`i8`, `u8`, `u16`, `u32`: quantised and sparse weights) and a vocabulary of `\n`-joined terms, 6 no label rules (`LabelRules`), 5 had feature blocks beyond TF-IDF, 4 character n-gram features, 3 title terms, 2 half-precision sections, and 1–5 a home-made checksum (`Checksum.fnv1a64`) |
/// | 12 | 4 | header length H (UInt32) |
/// | 16 | H | JSON header: classifier name, origin and options, labels, TF-IDF and tokenizer settings, vocabulary size, further feature blocks (kind, origin, options), training provenance, and the list of sections |
/// | … | … | zero padding to a multiple of 8 |
/// | … | … | each section in header order (the vocabulary front coded (`FrontCoding`, type `utf8-front`; `\n`-joined UTF-8 before format 8), block names as `\n`-joined UTF-8, arrays as raw Float32 or, type `f16`, IEEE half precision, or whole numbers: `i8` signed bytes, `u8`/`u16`/`u32` unsigned), each padded to a multiple of 8 |
/// | end − 8 | 8 | checksum (UInt64): `XXHash64` (seed 0) of every byte before it |
///
/// Writing is atomic and deterministic: the same model gives the same bytes.
public enum ModelFile {
    /// The magic number at the start of every model file.
    public static let magic: [UInt8] = [0x89, 0x43, 0x4C, 0x53, 0x46, 0x59, 0x0D, 0x0A]
    /// The format version this build writes, the newest it reads.
    public static let formatVersion = 8
    /// The file extension used by convention.
    public static let fileExtension = "classify"

    // MARK: Writing

    /// One section's content, in file order.
    enum Payload {
        case text([UInt8])
        case floats(ClassifierState.Array)
        case integers([Int64])

        var byteCount: Int {
            switch self {
            case .text(let bytes): bytes.count
            case .floats(let array): array.values.count * ArrayType(array).width
            case .integers(let values): values.count * 8
            }
        }
    }

    /// The section names of a shard model's naive Bayes counts.
    enum CountSection {
        static let perLabel = "counts.per_label"
        static let total = "counts.total"
        static let documentsPerLabel = "counts.documents_per_label"
    }

    /// A vocabulary as read from a file: sorted front-coded terms to look up in place, or a table.
    private enum StoredVocabulary {
        case sorted(SortedTermIndex)
        case table(TermTable)
    }

    /// The bytes of `model`'s file.
    public static func encode(_ model: TrainedModel) throws -> [UInt8] {
        let state = model.classifier.encode()
        let featureCount = model.vectorizer.featureCount
        var sections = [ModelHeader.Section(name: "vocabulary", type: frontCodedType, shape: [featureCount], bytes: 0)]
        // A sorted index holds exactly the bytes encoding its terms gives (it checks that).
        var payloads: [Payload] = [.text(model.vectorizer.terms.index?.coded ?? FrontCoding.encode(model.vectorizer.vocabulary))]
        func add(_ name: String, _ array: ClassifierState.Array) {
            sections.append(ModelHeader.Section(name: name, type: ArrayType(array).rawValue, shape: array.shape, bytes: 0))
            payloads.append(.floats(array))
        }
        let idf = model.vectorizer.idf
        add("idf", .init(name: "idf", shape: [featureCount], values: idf, halfPrecision: ClassifierState.roundedToHalf(idf) == idf))
        for array in state.arrays {
            try checkEncodable(array)
            add("classifier." + array.name, array)
        }
        let blocks = try encodeBlocks(model.features.blocks, sections: &sections, payloads: &payloads)
        if let counts = model.counts {
            let labelCount = model.labels.count
            for (name, shape, values) in [
                (CountSection.perLabel, [featureCount, labelCount], counts.perLabel), (CountSection.total, [featureCount], counts.total),
                (CountSection.documentsPerLabel, [labelCount], counts.documentsPerLabel.map(Int64.init)),
            ] {
                sections.append(ModelHeader.Section(name: name, type: "i64", shape: shape, bytes: 0))
                payloads.append(.integers(values))
            }
        }
        for index in sections.indices { sections[index].bytes = payloads[index].byteCount }
        let header = ModelHeader(
            format: "classify-model", formatVersion: formatVersion,
            classifier: .init(name: model.classifierName, origin: classifierOrigin(model), parameters: state.parameters, extra: state.extra),
            labels: model.labels, multiLabel: model.isMultiLabel, threshold: model.threshold, thresholds: model.thresholds,
            labelRules: try encodedRules(model), vectorizer: model.vectorizer.options,
            vocabulary: .init(terms: featureCount, section: "vocabulary"),
            featureBlocks: blocks.isEmpty ? nil : blocks,
            training: model.provenance, sections: sections)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return layOut(header: Array(try encoder.encode(header)), version: header.formatVersion, payloads: payloads)
    }

    /// The label rules to store (nil when there are none), checked as `read` checks them.
    static func encodedRules(_ model: TrainedModel) throws -> LabelRules? {
        guard !model.labelRules.isEmpty else { return nil }
        guard model.isMultiLabel else { throw ClassifierError("a single-label model cannot have label rules (--max-labels, --never-alone)") }
        try model.labelRules.check(labels: model.labels)
        return model.labelRules
    }

    /// The header entries of further feature blocks, with their sections (`block<i>.names`,
    /// `block<i>.array.<name>`) added to `sections` and `payloads`.
    static func encodeBlocks(
        _ blocks: [any FeatureBlock], sections: inout [ModelHeader.Section], payloads: inout [Payload]
    ) throws -> [ModelHeader.FeatureBlockHeader] {
        try blocks.enumerated().map { index, block in
            let type = type(of: block)
            let state = block.encode()
            let prefix = "block\(index)."
            if !state.names.isEmpty {
                guard !state.names.contains(where: { $0.contains("\n") }) else {
                    throw FeatureError("feature block \(type.kind) named a feature with a line break, which a model file cannot store")
                }
                sections.append(ModelHeader.Section(name: prefix + "names", type: "utf8", shape: [state.names.count], bytes: 0))
                payloads.append(.text(Array(state.names.joined(separator: "\n").utf8)))
            }
            guard Set(state.arrays.map(\.name)).count == state.arrays.count else {
                throw FeatureError("feature block \(type.kind) saved two arrays of the same name; each needs its own")
            }
            for array in state.arrays {
                try checkEncodable(array)
                sections.append(ModelHeader.Section(name: prefix + blockArrayPrefix + array.name, type: ArrayType(array).rawValue, shape: array.shape, bytes: 0))
                payloads.append(.floats(array))
            }
            return ModelHeader.FeatureBlockHeader(
                kind: type.kind, origin: type.origin == ClassifierRegistry.builtInOrigin ? nil : type.origin,
                parameters: state.parameters, features: block.featureCount)
        }
    }

    /// The file: magic, version, header length, header, then each payload, padded to 8 bytes, and
    /// the checksum.
    static func layOut(header json: [UInt8], version: Int, payloads: [Payload]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + json.count + payloads.reduce(0) { $0 + $1.byteCount + 8 })
        out.append(contentsOf: magic)
        appendUInt32(UInt32(version), to: &out)
        appendUInt32(UInt32(json.count), to: &out)
        out.append(contentsOf: json)
        pad(&out)
        for payload in payloads {
            switch payload {
            case .text(let bytes): out.append(contentsOf: bytes)
            case .floats(let array):
                appendArray(array, to: &out)
            case .integers(let values):
                for value in values { appendUInt64(UInt64(bitPattern: value), to: &out) }
            }
            pad(&out)
        }
        return sealed(out)
    }

    /// `bytes` with the checksum of all of them appended (as the format version in them asks):
    /// the last step of writing a model.
    static func sealed(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        let version = bytes.count >= 12 ? Int(readUInt32(bytes, at: 8)) : formatVersion
        appendUInt64(bytes.withUnsafeBytes { checksum($0, version: version) }, to: &out)
        return out
    }

    /// The largest JSON header read: 64 MiB (a header names labels and options, not weights).
    public static let maximumHeaderBytes = 64 << 20

    /// The first format version whose checksum is `XXHash64`.
    static let xxHashVersion = 6

    /// The checksum of `body` in a file of `version`: `XXHash64` from format 6, the home-made
    /// `Checksum.fnv1a64` before.
    static func checksum(_ body: UnsafeRawBufferPointer, version: Int) -> UInt64 {
        version >= xxHashVersion ? XXHash64.hash(body) : Checksum.fnv1a64(body)
    }

    /// The origin recorded for `model`'s classifier: nil for the built-ins, whose files stay as
    /// they were before plugins existed.
    private static func classifierOrigin(_ model: TrainedModel) -> String? {
        let origin = type(of: model.classifier).origin
        return origin == ClassifierRegistry.builtInOrigin ? nil : origin
    }

    /// Writes `model` to `path` atomically (a temporary file renamed into place).
    public static func write(_ model: TrainedModel, to path: String) throws {
        try FileBytes.writeAtomically(try encode(model), to: path)
    }

    // MARK: Reading

    /// Reads and validates the model at `path`; its classifier must be in `registry`.
    public static func read(_ path: String, registry: ClassifierRegistry = .builtIn) throws -> TrainedModel {
        return try decode(try readBytes(path), path: path, registry: registry)
    }

    /// The bytes of the model file at `path`: a regular file that starts with the magic number,
    /// checked before the rest is read.
    public static func readBytes(_ path: String) throws -> [UInt8] {
        do {
            let head = try FileBytes.readPrefix(path, count: magic.count)
            guard head == magic || path == "-" else { throw ModelFileError(path: path, notAModel) }
            return try FileBytes.read(path)
        } catch let error as FileAccessError {
            throw ModelFileError(path: path, "cannot read the model: \(error.reason)")
        }
    }

    /// Why a file without the magic number is refused.
    static let notAModel = "not a classify model (wrong magic number); train one with `classify train`"

    /// Decodes model bytes whose classifier is in `registry`; `path` is only used in error messages.
    public static func decode(_ bytes: [UInt8], path: String, registry: ClassifierRegistry = .builtIn) throws -> TrainedModel {
        try decodeWithHeader(bytes, path: path, registry: registry).model
    }

    /// The model and its header, validated once (for `classify info`).
    static func decodeWithHeader(_ bytes: [UInt8], path: String, registry: ClassifierRegistry) throws -> (model: TrainedModel, header: ModelHeader) {
        let (header, sections) = try validate(bytes, path: path)
        do {
            let featureCount = header.vocabulary.terms
            guard featureCount >= 0, featureCount <= bytes.count else {
                throw ModelFileError(path: path, "the header claims \(featureCount) vocabulary terms, more than the file can hold; the file is damaged")
            }
            guard let vocabularySection = sections["vocabulary"], [frontCodedType, "utf8"].contains(vocabularySection.section.type) else {
                throw ModelFileError(path: path, "the model has no vocabulary section; it is damaged")
            }
            if vocabularySection.section.type == frontCodedType && header.formatVersion < firstWholeNumberVersion {
                throw ModelFileError(path: path, "a format \(header.formatVersion) model cannot hold a front-coded vocabulary; the file is damaged")
            }
            // Sorted front-coded terms (what training writes) are looked up in place until many
            // documents need them; others are decoded into a table now.
            let vocabulary = try bytes.withUnsafeBufferPointer { bytes -> StoredVocabulary in
                let section = UnsafeBufferPointer(rebasing: bytes[vocabularySection.range])
                guard vocabularySection.section.type == frontCodedType else { return .table(TermTable(joinedBytes: section, expectedCount: featureCount)) }
                if let index = SortedTermIndex(coded: section, expectedCount: featureCount, leadingByte: TfidfVectorizer.leadingByte(header.vectorizer)) {
                    return .sorted(index)
                }
                guard let table = FrontCoding.decode(section, expectedCount: featureCount) else {
                    throw ModelFileError(path: path, "the vocabulary is not \(featureCount) front-coded terms; the file is damaged")
                }
                return .table(table)
            }
            if case .table(let table) = vocabulary, table.count != featureCount {
                throw ModelFileError(path: path, "the vocabulary holds \(table.count) distinct terms, the header says \(featureCount); the file is damaged")
            }
            let idf = try floats(sections, "idf", shape: [featureCount], bytes: bytes, path: path, version: header.formatVersion)
            guard idf.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= TfidfVectorizer.largestIDF }) else {
                throw ModelFileError(path: path, "an IDF weight is negative, above \(Int(TfidfVectorizer.largestIDF)) or not a number; the file is damaged")
            }
            // Settings no training run writes (an n-gram range upside down, say) are damage.
            do { try header.vectorizer.validate() } catch let error as FeatureError {
                throw ModelFileError(path: path, "invalid feature settings (\(error.description)); the file is damaged")
            }
            let vectorizer: TfidfVectorizer
            switch vocabulary {
            case .sorted(let index): vectorizer = TfidfVectorizer(options: header.vectorizer, sortedTerms: index, idf: idf)
            case .table(let table): vectorizer = TfidfVectorizer(options: header.vectorizer, vocabulary: table, idf: idf)
            }
            // Only files before title terms need the (vocabulary-wide) look for them.
            let neededVersion = vectorizer.charBlockEnd > 0 ? firstCharNgramVersion
                : header.formatVersion < firstTitleTermsVersion && vectorizer.hasTitleTerms ? firstTitleTermsVersion : 1
            guard header.formatVersion >= neededVersion else {
                throw ModelFileError(path: path, "a format \(header.formatVersion) model cannot hold features of format \(neededVersion); the file is damaged")
            }

            let blocks = try decodeBlocks(header, sections: sections, bytes: bytes, path: path, registry: registry)
            let features = FeatureStack(tfidf: vectorizer, blocks: blocks)
            guard let type = registry.lookup(header.classifier.name) else {
                throw ModelFileError(path: path, unregisteredClassifier(header.classifier))
            }
            var arrays: [ClassifierState.Array] = []
            for section in header.sections where section.name.hasPrefix(classifierPrefix) {
                arrays.append(ClassifierState.Array(
                    name: String(section.name.dropFirst(classifierPrefix.count)), shape: section.shape,
                    values: try floats(sections, section.name, shape: section.shape, bytes: bytes, path: path, version: header.formatVersion)))
            }
            let state = ClassifierState(parameters: header.classifier.parameters, arrays: arrays, extra: header.classifier.extra)
            let classifier = try type.decode(state, featureCount: features.featureCount, labelCount: header.labels.count)
            guard header.labels.count >= 2, Set(header.labels).count == header.labels.count else {
                throw ModelFileError(path: path, "the model's label list is invalid; the file is damaged")
            }
            if header.multiLabel, header.classifier.extra[OutputActivation.key] == OutputActivation.softmax.rawValue {
                throw ModelFileError(path: path, "a multi-label model's scores are one-vs-rest, but this one's are a softmax; the file is damaged")
            }
            let training = header.training
            guard training.documents >= 1, training.documentsPerLabel.count == header.labels.count,
                training.documentsPerLabel.allSatisfy({ $0 >= 0 && $0 <= training.documents })
            else {
                throw ModelFileError(path: path, "the model's record of its training documents (in all and per label) is invalid; the file is damaged")
            }
            if let thresholds = header.thresholds, thresholds.count != header.labels.count || !thresholds.allSatisfy({ $0 > 0 && $0 < 1 }) {
                throw ModelFileError(path: path, "the model's per-label thresholds are invalid; the file is damaged")
            }
            var model = TrainedModel(
                vectorizer: vectorizer, blocks: blocks, labels: header.labels, isMultiLabel: header.multiLabel,
                threshold: header.threshold, classifier: classifier, provenance: header.training)
            model.thresholds = header.thresholds
            if let rules = header.labelRules {
                guard header.formatVersion >= firstLabelRulesVersion else {
                    throw ModelFileError(path: path, "a format \(header.formatVersion) model cannot have label rules (format \(firstLabelRulesVersion) brought them); the file is damaged")
                }
                guard header.multiLabel else {
                    throw ModelFileError(path: path, "a single-label model cannot have label rules; the file is damaged")
                }
                do { try rules.check(labels: header.labels) } catch let error as ClassifierError {
                    throw ModelFileError(path: path, "the model's label rules are invalid (\(error.description)); the file is damaged")
                }
                model.labelRules = rules
            }
            model.counts = try decodeCounts(
                sections, bytes: bytes, path: path, featureCount: features.featureCount, labelCount: header.labels.count,
                documents: header.training.documents)
            return (model, header)
        } catch let error as ClassifierError {
            throw ModelFileError(path: path, error.description)
        } catch let error as FeatureError {
            throw ModelFileError(path: path, error.description)
        }
    }

    /// A shard model's naive Bayes counts, or nil when the file has none.
    static func decodeCounts(
        _ sections: [String: LocatedSection], bytes: [UInt8], path: String, featureCount: Int, labelCount: Int, documents: Int
    ) throws -> NaiveBayesCounts? {
        guard sections[CountSection.perLabel] != nil || sections[CountSection.total] != nil || sections[CountSection.documentsPerLabel] != nil else {
            return nil
        }
        let perLabel = try integers(sections, CountSection.perLabel, count: featureCount * labelCount, bytes: bytes, path: path)
        let total = try integers(sections, CountSection.total, count: featureCount, bytes: bytes, path: path)
        let perLabelDocuments = try integers(sections, CountSection.documentsPerLabel, count: labelCount, bytes: bytes, path: path)
        guard perLabelDocuments.allSatisfy({ $0 >= 0 && $0 <= Int64(documents) }) else {
            throw ModelFileError(path: path, "the model's document counts per label are impossible; the file is damaged")
        }
        do {
            return try NaiveBayesCounts(
                featureCount: featureCount, labelCount: labelCount, perLabel: perLabel, total: total,
                documentsPerLabel: perLabelDocuments.map { Int($0) }, documentCount: documents)
        } catch let error as ClassifierError {
            throw ModelFileError(path: path, "\(error.description); the file is damaged")
        }
    }

    /// The `count` Int64 values of section `name`.
    private static func integers(_ sections: [String: LocatedSection], _ name: String, count: Int, bytes: [UInt8], path: String) throws -> [Int64] {
        guard let located = sections[name], located.section.type == "i64" else {
            throw ModelFileError(path: path, "the model has no \(name) array of 64-bit integers; it is damaged")
        }
        let elements = located.section.shape.reduce(Optional(1)) { product, dimension in
            product.flatMap { product in
                let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
                return overflow ? nil : next
            }
        }
        guard located.range.count == count * 8, elements == count else {
            throw ModelFileError(path: path, "the \(name) array has the wrong size; the file is damaged")
        }
        return (0..<count).map { Int64(bitPattern: readUInt64(bytes, at: located.range.lowerBound + 8 * $0)) }
    }

    /// The section-name prefix of classifier arrays.
    static let classifierPrefix = "classifier."
    /// The section-name prefix of a feature block's arrays, after `block<i>.`.
    static let blockArrayPrefix = "array."

    /// The further feature blocks of a model, each restored by its registered type.
    static func decodeBlocks(
        _ header: ModelHeader, sections: [String: LocatedSection], bytes: [UInt8], path: String, registry: ClassifierRegistry
    ) throws -> [any FeatureBlock] {
        if header.featureBlocks != nil && header.formatVersion < 5 {
            throw ModelFileError(path: path, "a format \(header.formatVersion) model cannot have feature blocks; the file is damaged")
        }
        return try (header.featureBlocks ?? []).enumerated().map { index, entry in
            guard let type = registry.lookupFeatureBlock(entry.kind) else {
                throw ModelFileError(path: path, "the model uses feature block \"\(entry.kind)\", which this build of classify does not have"
                    + (entry.origin.map { "; it comes from \($0): use that build" } ?? "; upgrade classify"))
            }
            let prefix = "block\(index)."
            var names: [String] = []
            if let located = sections[prefix + "names"] {
                guard located.section.type == "utf8" else { throw ModelFileError(path: path, "section \(prefix)names is not text; the file is damaged") }
                names = String(decoding: bytes[located.range], as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                guard names.count == located.section.shape.first else {
                    throw ModelFileError(path: path, "section \(prefix)names holds \(names.count) names, the header says \(located.section.shape); the file is damaged")
                }
            }
            var arrays: [ClassifierState.Array] = []
            for section in header.sections where section.name.hasPrefix(prefix + blockArrayPrefix) {
                arrays.append(ClassifierState.Array(
                    name: String(section.name.dropFirst(prefix.count + blockArrayPrefix.count)), shape: section.shape,
                    values: try floats(sections, section.name, shape: section.shape, bytes: bytes, path: path, version: header.formatVersion)))
            }
            let block: any FeatureBlock
            do {
                block = try type.decode(FeatureBlockState(parameters: entry.parameters, arrays: arrays, names: names))
            } catch let error as FeatureError {
                throw ModelFileError(path: path, "feature block \(entry.kind): \(error.description)")
            }
            guard block.featureCount == entry.features, entry.features >= 0 else {
                throw ModelFileError(path: path, "feature block \(entry.kind) has \(block.featureCount) features, the header says \(entry.features); the file is damaged")
            }
            return block
        }
    }

    /// What to say when a model's classifier is not in the registry: which build has it.
    private static func unregisteredClassifier(_ classifier: ModelHeader.ClassifierHeader) -> String {
        guard let origin = classifier.origin else {
            return "the model uses classifier \"\(classifier.name)\", which this classify does not have; upgrade classify"
        }
        return "the model uses classifier \"\(classifier.name)\", which this build of classify does not have; it comes from \(origin): use that build"
    }

    struct LocatedSection {
        var section: ModelHeader.Section
        var range: Range<Int>
    }

    private static func validate(_ bytes: [UInt8], path: String) throws -> (header: ModelHeader, sections: [String: LocatedSection]) {
        guard bytes.count >= 8, Array(bytes[0..<8]) == magic else {
            throw ModelFileError(path: path, notAModel)
        }
        guard bytes.count >= 24 else {
            throw ModelFileError(path: path, "truncated model file (\(bytes.count) bytes); train or copy it again")
        }
        let version = Int(readUInt32(bytes, at: 8))
        if version > formatVersion {
            throw ModelFileError(path: path, "model format version \(version) is newer than this classify reads (\(formatVersion)); upgrade classify")
        }
        guard version >= 1 else {
            throw ModelFileError(path: path, "invalid model format version \(version); the file is damaged")
        }
        let headerLength = Int(readUInt32(bytes, at: 12))
        guard headerLength <= maximumHeaderBytes else {
            throw ModelFileError(path: path, "the model header claims \(headerLength) bytes, more than the \(maximumHeaderBytes >> 20) MiB a header may have; the file is damaged")
        }
        guard aligned(16 + headerLength) + 8 <= bytes.count else {
            throw ModelFileError(path: path, "truncated model file: the header alone needs \(aligned(16 + headerLength) + 8) bytes, the file has \(bytes.count)")
        }
        let header: ModelHeader
        do {
            header = try JSONDecoder().decode(ModelHeader.self, from: Data(bytes[16..<(16 + headerLength)]))
        } catch {
            throw ModelFileError(path: path, "the model header is not valid JSON of this format; the file is damaged")
        }
        var offset = aligned(16 + headerLength)
        var located: [String: LocatedSection] = [:]
        for section in header.sections {
            guard section.bytes >= 0, section.shape.allSatisfy({ $0 >= 0 }) else {
                throw ModelFileError(path: path, "section \(section.name) has an impossible size; the file is damaged")
            }
            // Every value takes at least a byte: a section the file cannot hold means it was cut short.
            guard section.bytes <= bytes.count, section.shape.allSatisfy({ $0 <= bytes.count }) else {
                throw ModelFileError(path: path, "truncated model file: section \(section.name) needs more than the file's \(bytes.count) bytes; train or copy it again")
            }
            located[section.name] = LocatedSection(section: section, range: offset..<(offset + section.bytes))
            offset = aligned(offset + section.bytes)
        }
        let expected = offset + 8
        if bytes.count < expected {
            throw ModelFileError(path: path, "truncated model file: \(bytes.count) bytes, expected \(expected); train or copy it again")
        }
        if bytes.count > expected {
            throw ModelFileError(path: path, "\(bytes.count - expected) unexpected bytes after the end of the model; the file is damaged")
        }
        let stored = readUInt64(bytes, at: bytes.count - 8)
        let computed = bytes.withUnsafeBytes { checksum(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 8)]), version: version) }
        guard stored == computed else {
            throw ModelFileError(path: path, "checksum mismatch: the model file is corrupted; train or copy it again")
        }
        try checkValues(header, version: version, path: path)
        return (header, located)
    }

    /// Throws when the header holds values no training run writes: a version that differs from
    /// the file's, no exact vocabulary before format 5, a threshold outside (0, 1), a blank label.
    static func checkValues(_ header: ModelHeader, version: Int, path: String) throws {
        guard header.formatVersion == version else {
            throw ModelFileError(path: path, "the header says format version \(header.formatVersion), the file \(version); the file is damaged")
        }
        if !header.vectorizer.exactTerms && version < 5 {
            throw ModelFileError(path: path, "a format \(version) model cannot go without an exact vocabulary; the file is damaged")
        }
        guard header.threshold > 0 && header.threshold < 1 else {
            throw ModelFileError(path: path, "the model's threshold \(header.threshold) is not between 0 and 1; the file is damaged")
        }
        guard header.labels.allSatisfy({ !$0.trimmingCharacters().isEmpty && !$0.contains("\n") }) else {
            throw ModelFileError(path: path, "the model has a blank label; the file is damaged")
        }
    }

    private static func floats(
        _ sections: [String: LocatedSection], _ name: String, shape: [Int], bytes: [UInt8], path: String, version: Int
    ) throws -> [Float] {
        guard let located = sections[name], let type = ArrayType(rawValue: located.section.type) else {
            throw ModelFileError(path: path, "the model has no \(name) array; it is damaged")
        }
        let width = type.width
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= bytes.count else {
                throw ModelFileError(path: path, "the \(name) array has an impossible shape \(shape); the file is damaged")
            }
            count = product
        }
        guard located.section.shape == shape, located.range.count == count * width else {
            throw ModelFileError(path: path, "the \(name) array has the wrong size; the file is damaged")
        }
        // Every stored value is finite (training never writes infinities or NaNs); one that is
        // not would turn predictions into NaN, so the file is refused.
        let notFinite = ModelFileError(path: path, "the \(name) array holds a value that is not a finite number; the file is damaged")
        switch type {
        case .float32: break
        case .float16: return try halves(bytes, range: located.range, count: count, notFinite: notFinite)
        case .int8, .unsigned8, .unsigned16, .unsigned32:
            guard version >= firstWholeNumberVersion else {
                throw ModelFileError(path: path, "a format \(version) model cannot hold \(type.rawValue) arrays; the file is damaged")
            }
            let values = wholeNumbers(bytes, range: located.range, count: count, type: type)
            // Only 32-bit whole numbers can exceed what single precision holds exactly.
            guard type != .unsigned32 || values.allSatisfy({ $0 <= ClassifierState.Array.largestWholeNumber }) else {
                throw ModelFileError(path: path, "the \(name) array holds a number above \(Int(ClassifierState.Array.largestWholeNumber)); the file is damaged")
            }
            return values
        }
        var values = [Float](repeating: 0, count: count)
        values.withUnsafeMutableBytes { destination in
            bytes.withUnsafeBytes { source in
                destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[located.range]))
            }
        }
        #if _endian(big)
        values = values.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
        #endif
        guard values.allSatisfy(\.isFinite) else { throw notFinite }
        return values
    }

    // MARK: Array sections

    /// The first format version with title terms.
    static let firstTitleTermsVersion = 3
    /// The first format version with character n-gram features.
    static let firstCharNgramVersion = 4
    /// The first format version with label rules (`--max-labels`, `--never-alone`).
    static let firstLabelRulesVersion = 7
    /// The first format version with whole-number sections (`i8`, `u8`, `u16`, `u32`) and a
    /// front-coded vocabulary.
    static let firstWholeNumberVersion = 8
    /// The section type of a front-coded vocabulary (`FrontCoding`).
    static let frontCodedType = "utf8-front"

    /// How an array section's values are laid out: its `type` in the header.
    enum ArrayType: String {
        case float32 = "f32", float16 = "f16", int8 = "i8", unsigned8 = "u8", unsigned16 = "u16", unsigned32 = "u32"

        /// The section type `array` is written as: unsigned arrays in the fewest bytes that hold
        /// their largest value.
        init(_ array: ClassifierState.Array) {
            switch array.encoding {
            case .float32: self = .float32
            case .float16: self = .float16
            case .int8: self = .int8
            case .unsigned:
                let largest = array.values.max() ?? 0
                self = largest <= Float(UInt8.max) ? .unsigned8 : largest <= Float(UInt16.max) ? .unsigned16 : .unsigned32
            }
        }

        /// Bytes per value.
        var width: Int {
            switch self {
            case .int8, .unsigned8: 1
            case .float16, .unsigned16: 2
            case .float32, .unsigned32: 4
            }
        }
    }

    /// Throws unless every value of a whole-number array is one its encoding holds.
    static func checkEncodable(_ array: ClassifierState.Array) throws {
        let range: ClosedRange<Float>
        switch array.encoding {
        case .float32, .float16: return
        case .int8: range = -127...127
        case .unsigned: range = 0...ClassifierState.Array.largestWholeNumber
        }
        guard array.values.allSatisfy({ range.contains($0) && $0.rounded() == $0 }) else {
            throw ClassifierError("the classifier's \"\(array.name)\" array is stored as whole numbers from \(Int(range.lowerBound)) to \(Int(range.upperBound)) but holds other values")
        }
    }

    /// Appends `array`'s values in its section type.
    private static func appendArray(_ array: ClassifierState.Array, to out: inout [UInt8]) {
        switch ArrayType(array) {
        case .float32: appendFloats(array.values, to: &out)
        case .float16: appendHalves(array.values, to: &out)
        case .int8: out.append(contentsOf: array.values.map { UInt8(bitPattern: Int8($0)) })
        case .unsigned8: out.append(contentsOf: array.values.map { UInt8($0) })
        case .unsigned16:
            for value in array.values { withUnsafeBytes(of: UInt16(value).littleEndian) { out.append(contentsOf: $0) } }
        case .unsigned32:
            for value in array.values { appendUInt32(UInt32(value), to: &out) }
        }
    }

    /// `count` half-precision values at `range`, refused with `notFinite` if one is infinite or NaN.
    private static func halves(_ bytes: [UInt8], range: Range<Int>, count: Int, notFinite: ModelFileError) throws -> [Float] {
        var special: UInt16 = 0
        let values = [Float](unsafeUninitializedCapacity: count) { destination, initialized in
            bytes.withUnsafeBytes { source in
                let start = range.lowerBound
                for i in 0..<count {
                    let bits = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: start + 2 * i, as: UInt16.self))
                    // An all-ones exponent is infinity or NaN.
                    special |= (bits & 0x7C00 == 0x7C00) ? 1 : 0
                    destination[i] = halfToFloat(bits)
                }
            }
            initialized = count
        }
        guard special == 0 else { throw notFinite }
        return values
    }

    /// `count` whole numbers of `type` at `range`, as floats.
    private static func wholeNumbers(_ bytes: [UInt8], range: Range<Int>, count: Int, type: ArrayType) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { destination, initialized in
            bytes.withUnsafeBytes { source in
                let start = range.lowerBound
                switch type {
                case .int8:
                    for i in 0..<count { destination[i] = Float(Int8(bitPattern: source[start + i])) }
                case .unsigned8:
                    for i in 0..<count { destination[i] = Float(source[start + i]) }
                case .unsigned16:
                    for i in 0..<count {
                        destination[i] = Float(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: start + 2 * i, as: UInt16.self)))
                    }
                case .unsigned32, .float32, .float16:
                    for i in 0..<count {
                        destination[i] = Float(UInt32(littleEndian: source.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self)))
                    }
                }
            }
            initialized = count
        }
    }

    // MARK: Little-endian helpers

    static func aligned(_ offset: Int) -> Int { (offset + 7) & ~7 }

    private static func pad(_ out: inout [UInt8]) {
        while out.count % 8 != 0 { out.append(0) }
    }

    private static func appendUInt32(_ value: UInt32, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func appendUInt64(_ value: UInt64, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func appendFloats(_ values: [Float], to out: inout [UInt8]) {
        #if _endian(little)
        values.withUnsafeBytes { out.append(contentsOf: $0) }
        #else
        for value in values { appendUInt32(value.bitPattern, to: &out) }
        #endif
    }

    /// IEEE half precision to single by bit manipulation: the same values as `Float(Float16(bitPattern:))`,
    /// which compiles to a library call per value on x86-64 without F16C (a third of loading a
    /// 20 Newsgroups model).
    @inline(__always)
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = UInt32(h >> 10) & 0x1F
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0 {
            // Zero or subnormal: mantissa · 2⁻²⁴, exactly representable in single precision.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign != 0 ? -magnitude : magnitude
        }
        if exponent == 31 { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
        return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }

    private static func appendHalves(_ values: [Float], to out: inout [UInt8]) {
        for value in values {
            withUnsafeBytes(of: Float16(value).bitPattern.littleEndian) { out.append(contentsOf: $0) }
        }
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    }

    private static func readUInt64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    }
}
