import Foundation

/// Reads and writes `.stats` files: the `CorpusStatistics` of a corpus or of a shard of one.
///
/// Layout (integers little-endian), checked as carefully as a model file:
///
/// | offset | size | content |
/// | --- | --- | --- |
/// | 0 | 8 | magic `89 43 4C 53 54 41 54 0A` ("\x89CLSTAT\n") |
/// | 8 | 4 | format version (UInt32): 1 |
/// | 12 | 4 | header length H (UInt32) |
/// | 16 | H | JSON header: feature settings, documents, digest, documents per label, documents without exactly one label, term count |
/// | … | … | zero padding to a multiple of 8, then the terms in byte order (`\n`-joined UTF-8), padded; their document frequencies (Int64 each); their corpus counts (Int64 each) |
/// | end − 8 | 8 | `XXHash64` (seed 0) of every byte before it |
///
/// Terms are written in byte order, so the same documents give the same bytes in any order.
public enum StatisticsFile {
    public static let magic: [UInt8] = [0x89, 0x43, 0x4C, 0x53, 0x54, 0x41, 0x54, 0x0A]
    public static let formatVersion = 1
    public static let fileExtension = "stats"
    /// The largest JSON header read (it names labels and settings, not terms).
    public static let maximumHeaderBytes = 64 << 20

    /// What the JSON header holds.
    struct Header: Codable {
        var format = "classify-statistics"
        var formatVersion: Int
        var options: TfidfOptions
        var documents: Int
        var digest: String
        var documentsPerLabel: [String: Int]
        var documentsWithoutOneLabel: Int
        var terms: Int
        var termBytes: Int

        enum CodingKeys: String, CodingKey {
            case format, formatVersion = "format_version", options, documents, digest, documentsPerLabel = "documents_per_label"
            case documentsWithoutOneLabel = "documents_without_one_label", terms, termBytes = "term_bytes"
        }
    }

    // MARK: Writing

    /// The bytes of `statistics`' file.
    public static func encode(_ statistics: CorpusStatistics) throws -> [UInt8] {
        let terms = statistics.terms
        let order = terms.idsInByteOrder()
        var joined: [UInt8] = []
        for (position, id) in order.enumerated() {
            if position > 0 { joined.append(UInt8(ascii: "\n")) }
            terms.table.withBytes(of: id) { joined.append(contentsOf: $0) }
        }
        let header = Header(
            formatVersion: formatVersion, options: statistics.options, documents: statistics.documents, digest: statistics.digest.hex,
            documentsPerLabel: statistics.documentsPerLabel, documentsWithoutOneLabel: statistics.documentsWithoutOneLabel,
            terms: order.count, termBytes: joined.count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = Array(try encoder.encode(header))
        var out = magic
        append(UInt32(formatVersion), to: &out)
        append(UInt32(json.count), to: &out)
        out += json
        pad(&out)
        out += joined
        pad(&out)
        for id in order { append(UInt64(UInt32(bitPattern: terms.documentFrequency[id])), to: &out) }
        for id in order { append(UInt64(bitPattern: terms.corpusCount[id]), to: &out) }
        let checksum = out.withUnsafeBytes { XXHash64.hash($0) }
        append(checksum, to: &out)
        return out
    }

    /// Writes `statistics` to `path` atomically.
    public static func write(_ statistics: CorpusStatistics, to path: String) throws {
        try FileBytes.writeAtomically(try encode(statistics), to: path)
    }

    // MARK: Reading

    /// Reads and checks the statistics at `path`.
    public static func read(_ path: String) throws -> CorpusStatistics {
        let bytes: [UInt8]
        do {
            guard try FileBytes.readPrefix(path, count: magic.count) == magic else {
                throw StatisticsFileError(path: path, "not a classify statistics file (wrong magic number); make one with `classify stats`")
            }
            bytes = try FileBytes.read(path)
        } catch let error as FileAccessError {
            throw StatisticsFileError(path: path, "cannot read the statistics: \(error.reason)")
        }
        return try decode(bytes, path: path)
    }

    /// Whether the file at `path` starts like a statistics file.
    public static func isStatisticsFile(_ path: String) -> Bool {
        (try? FileBytes.readPrefix(path, count: magic.count)) == magic
    }

    /// Decodes statistics bytes; `path` is only used in error messages.
    public static func decode(_ bytes: [UInt8], path: String) throws -> CorpusStatistics {
        func damaged(_ what: String) -> StatisticsFileError { StatisticsFileError(path: path, "\(what); the file is damaged") }
        guard bytes.count >= 8, Array(bytes[0..<8]) == magic else {
            throw StatisticsFileError(path: path, "not a classify statistics file (wrong magic number); make one with `classify stats`")
        }
        guard bytes.count >= 24 else { throw StatisticsFileError(path: path, "truncated statistics file (\(bytes.count) bytes); make or copy it again") }
        let version = Int(readUInt32(bytes, at: 8))
        guard version == formatVersion else {
            throw StatisticsFileError(path: path, version > formatVersion
                ? "statistics format version \(version) is newer than this classify reads (\(formatVersion)); upgrade classify"
                : "invalid statistics format version \(version); the file is damaged")
        }
        let stored = readUInt64(bytes, at: bytes.count - 8)
        let computed = bytes.withUnsafeBytes { XXHash64.hash(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 8)])) }
        guard stored == computed else {
            throw StatisticsFileError(path: path, "checksum mismatch: the statistics file is truncated or corrupted; make or copy it again")
        }
        let headerLength = Int(readUInt32(bytes, at: 12))
        guard headerLength <= maximumHeaderBytes, aligned(16 + headerLength) + 8 <= bytes.count else { throw damaged("the header length is impossible") }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(bytes[16..<(16 + headerLength)]))
        } catch {
            throw damaged("the header is not valid JSON of this format")
        }
        guard header.format == "classify-statistics", header.formatVersion == version else { throw damaged("the header names another format") }
        guard header.documents >= 0, header.terms >= 0, header.termBytes >= 0, header.termBytes <= bytes.count, header.terms <= bytes.count,
            header.documentsWithoutOneLabel >= 0, header.documentsWithoutOneLabel <= header.documents,
            header.documentsPerLabel.values.allSatisfy({ $0 >= 1 && $0 <= header.documents }),
            header.documents <= Int(Int32.max),
            header.documentsPerLabel.keys.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.contains("\n") }),
            let digest = CorpusDigest(hex: header.digest)
        else { throw damaged("the header holds impossible counts") }
        do { try header.options.validate() } catch let error as FeatureError { throw damaged("invalid feature settings (\(error.description))") }
        let termsStart = aligned(16 + headerLength)
        let countsStart = aligned(termsStart + header.termBytes)
        let expected = countsStart + 16 * header.terms + 8
        guard bytes.count == expected else {
            throw damaged("the file has \(bytes.count) bytes, its header accounts for \(expected)")
        }
        let table = bytes.withUnsafeBufferPointer {
            TermTable(joinedBytes: UnsafeBufferPointer(rebasing: $0[termsStart..<(termsStart + header.termBytes)]), expectedCount: header.terms)
        }
        guard table.count == header.terms || (header.terms == 0 && header.termBytes == 0) else {
            throw damaged("the terms are not \(header.terms) distinct terms")
        }
        let terms = header.terms == 0 ? TermTable() : table
        var frequencies = [Int32](repeating: 0, count: header.terms)
        var counts = [Int64](repeating: 0, count: header.terms)
        for i in 0..<header.terms {
            let frequency = readUInt64(bytes, at: countsStart + 8 * i)
            let count = Int64(bitPattern: readUInt64(bytes, at: countsStart + 8 * (header.terms + i)))
            guard frequency >= 1, frequency <= UInt64(header.documents), frequency <= UInt64(Int32.max), count >= Int64(frequency) else {
                throw damaged("term \(i + 1) has impossible counts")
            }
            frequencies[i] = Int32(frequency)
            counts[i] = count
        }
        let statistics = TfidfVectorizer.TermStatistics(
            options: header.options, table: terms, documentFrequency: frequencies, corpusCount: counts, documents: header.documents)
        return CorpusStatistics(
            options: header.options, terms: statistics, digest: digest, documentsPerLabel: header.documentsPerLabel,
            documentsWithoutOneLabel: header.documentsWithoutOneLabel)
    }

    // MARK: Little-endian helpers

    static func aligned(_ offset: Int) -> Int { (offset + 7) & ~7 }

    static func pad(_ out: inout [UInt8]) {
        while out.count % 8 != 0 { out.append(0) }
    }

    static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    }

    static func readUInt64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    }
}

/// A statistics file that cannot be used, and why.
public struct StatisticsFileError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
