/// How text becomes tokens.
public struct TokenizerOptions: Codable, Sendable, Equatable {
    /// Lowercase tokens (ASCII by table, other scripts by Unicode's lowercase mapping).
    public var lowercase: Bool = true
    /// Tokens shorter than this many characters are dropped (2 matches scikit-learn's `\b\w\w+\b`).
    public var minTokenLength: Int = 2
    /// The largest `minTokenLength`: no language's words run longer.
    public static let largestMinTokenLength = 100

    public init(lowercase: Bool = true, minTokenLength: Int = 2) {
        self.lowercase = lowercase
        self.minTokenLength = minTokenLength
    }

    enum CodingKeys: String, CodingKey {
        case lowercase
        case minTokenLength = "min_token_length"
    }
}

/// Splits UTF-8 text into word tokens: maximal runs of letters and digits (any script, with combining
/// marks), lowercased. It works on bytes through a 256-entry class table, so ASCII text never
/// decodes a `Character`; non-ASCII scalars are decoded one at a time and checked with Unicode
/// properties.
public struct Tokenizer: Sendable {
    /// The options this tokenizer applies.
    public let options: TokenizerOptions

    public init(options: TokenizerOptions = TokenizerOptions()) {
        self.options = options
    }

    /// 0: separator, 1: ASCII letter or digit, 2: start or part of a multi-byte sequence.
    static let byteClass: [UInt8] = (0..<256).map { b in
        if b >= 0x80 { return 2 }
        let s = UInt8(b)
        if (s >= 0x30 && s <= 0x39) || (s >= 0x41 && s <= 0x5A) || (s >= 0x61 && s <= 0x7A) { return 1 }
        return 0
    }
    static let asciiLower: [UInt8] = (0..<256).map { b in
        (b >= 0x41 && b <= 0x5A) ? UInt8(b + 32) : UInt8(truncatingIfNeeded: b)
    }

    /// The most bytes lowercasing makes of one byte of text (a safe bound: Unicode's lowercase
    /// mappings grow UTF-8 by at most half).
    static let lowercaseGrowth = 3
    /// Spare bytes past what the bounds count.
    static let scratchSlack = 8

    /// Calls `body` with the bytes of each token, in order. The buffer is valid only during the
    /// call: each token is written over the last (`forEachTokenInLine` keeps them all).
    public func forEachToken(
        in text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) rethrows {
        let count = text.count
        guard count > 0, let input = text.baseAddress else { return }
        let minLength = options.minTokenLength
        let lowercase = options.lowercase
        // The word loop of `forEachTokenInLine` without the line: its own loop keeps each call of
        // `body` direct, with no closure context copied per token.
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count * Self.lowercaseGrowth + Self.scratchSlack) { scratch in
            let out = scratch.baseAddress!
            try Self.byteClass.withUnsafeBufferPointer { classes in
                try Self.asciiLower.withUnsafeBufferPointer { lower in
                    var length = 0
                    var characters = 0
                    var i = 0
                    while i < count {
                        let b = input[i]
                        let c = classes[Int(b)]
                        if c == 1 {
                            out[length] = lowercase ? lower[Int(b)] : b
                            length &+= 1
                            characters &+= 1
                            i &+= 1
                            continue
                        }
                        if c == 0 {
                            if characters >= minLength {
                                try body(UnsafeBufferPointer(start: out, count: length))
                            }
                            length = 0
                            characters = 0
                            i &+= 1
                            continue
                        }
                        // Multi-byte UTF-8: decode one scalar.
                        let (scalar, width) = Self.decode(input, i, count)
                        i &+= width
                        if let scalar, Self.isWordScalar(scalar) {
                            length = Self.write(scalar, lowercase: lowercase, to: out, at: length)
                            if !scalar.properties.generalCategory.isMark { characters &+= 1 }
                        } else {
                            if characters >= minLength {
                                try body(UnsafeBufferPointer(start: out, count: length))
                            }
                            length = 0
                            characters = 0
                        }
                    }
                    if characters >= minLength {
                        try body(UnsafeBufferPointer(start: out, count: length))
                    }
                }
            }
        }
    }

    /// The bytes `forEachTokenInLine` needs for the tokens of `byteCount` bytes of text: each byte
    /// lowercases to at most `lowercaseGrowth` bytes, and each token is followed by at most one
    /// space, written where the text had at least one separator byte.
    static func lineCapacity(forTextBytes byteCount: Int) -> Int { byteCount * (lowercaseGrowth + 1) + scratchSlack }

    /// Calls `body` with each token, in order, as `forEachToken` does, but lays the tokens out one
    /// after another in one buffer (`line`), separated by single spaces: `body` receives the line
    /// and the token's range in it, and every token kept so far stays in place until the call
    /// returns. So the words from one token's start to a later token's end are exactly the word
    /// n-gram they form, read in place without copying. Dropped (short) tokens leave no trace.
    public func forEachTokenInLine(
        in text: UnsafeBufferPointer<UInt8>, _ body: (_ line: UnsafeBufferPointer<UInt8>, _ token: Range<Int>) throws -> Void
    ) rethrows {
        let count = text.count
        guard count > 0, let input = text.baseAddress else { return }
        let minLength = options.minTokenLength
        let lowercase = options.lowercase
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.lineCapacity(forTextBytes: count)) { scratch in
            let out = scratch.baseAddress!
            let line = UnsafeBufferPointer(scratch)
            try Self.byteClass.withUnsafeBufferPointer { classes in
                try Self.asciiLower.withUnsafeBufferPointer { lower in
                    // The token being written is `start..<end` of the line.
                    var start = 0
                    var end = 0
                    var characters = 0
                    var i = 0
                    while i < count {
                        let b = input[i]
                        let c = classes[Int(b)]
                        if c == 1 {
                            out[end] = lowercase ? lower[Int(b)] : b
                            end &+= 1
                            characters &+= 1
                            i &+= 1
                            continue
                        }
                        if c == 0 {
                            if end > start {
                                // The token ends: handed over when long enough, then the next
                                // starts after a space (or over a dropped one).
                                if characters >= minLength {
                                    try body(line, start..<end)
                                    out[end] = 0x20
                                    start = end &+ 1
                                }
                                end = start
                                characters = 0
                            }
                            i &+= 1
                            continue
                        }
                        // Multi-byte UTF-8: decode one scalar.
                        let (scalar, width) = Self.decode(input, i, count)
                        i &+= width
                        if let scalar, Self.isWordScalar(scalar) {
                            end = Self.write(scalar, lowercase: lowercase, to: out, at: end)
                            if !scalar.properties.generalCategory.isMark { characters &+= 1 }
                        } else if end > start {
                            if characters >= minLength {
                                try body(line, start..<end)
                                out[end] = 0x20
                                start = end &+ 1
                            }
                            end = start
                            characters = 0
                        }
                    }
                    if end > start && characters >= minLength { try body(line, start..<end) }
                }
            }
        }
    }

    /// The tokens of `text` as strings (a convenience for tests and explanations; the vectorizer
    /// uses `forEachToken`).
    public func tokens(_ text: String) -> [String] {
        var text = text
        var result: [String] = []
        text.withUTF8 { bytes in
            forEachToken(in: bytes) { result.append(String(decoding: $0, as: UTF8.self)) }
        }
        return result
    }

    @inline(__always)
    static func decode(_ p: UnsafePointer<UInt8>, _ i: Int, _ count: Int) -> (Unicode.Scalar?, Int) {
        let lead = UInt32(p[i])
        var width = 1
        var value: UInt32 = 0
        if lead & 0xE0 == 0xC0 { width = 2; value = lead & 0x1F }
        else if lead & 0xF0 == 0xE0 { width = 3; value = lead & 0x0F }
        else if lead & 0xF8 == 0xF0 { width = 4; value = lead & 0x07 }
        else { return (nil, 1) }
        if i + width > count { return (nil, 1) }
        for k in 1..<width {
            let b = UInt32(p[i + k])
            if b & 0xC0 != 0x80 { return (nil, 1) }
            value = value << 6 | (b & 0x3F)
        }
        return (Unicode.Scalar(value), width)
    }

    /// Writes the UTF-8 bytes of `scalar`, lowercased when `lowercase` is set, to `out` from
    /// `position` on; returns the position after them.
    @inline(__always)
    static func write(_ scalar: Unicode.Scalar, lowercase: Bool, to out: UnsafeMutablePointer<UInt8>, at position: Int) -> Int {
        var position = position
        if lowercase && scalar.properties.changesWhenLowercased {
            for byte in scalar.properties.lowercaseMapping.utf8 {
                out[position] = byte
                position &+= 1
            }
        } else {
            for byte in UTF8.encode(scalar)! {
                out[position] = byte
                position &+= 1
            }
        }
        return position
    }

    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil || properties.generalCategory.isMark
    }
}

extension Unicode.GeneralCategory {
    var isMark: Bool {
        self == .nonspacingMark || self == .spacingMark || self == .enclosingMark
    }
}
