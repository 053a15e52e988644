/// Finds the title in the text of a document that has none of its own (`Document.title`), so that
/// its words can count as features of their own.
///
/// - A text that opens with an e-mail or Usenet header block (a `Field: value` line, then more
///   lines up to a blank one, at least two of them `Field:` lines) has its `Subject:`
///   value as its title, or no title when the block has no usable subject: the first line is a
///   header such as `From:`, not a title.
///   An mbox separator line (`From sender date`, no colon) before the block is skipped.
/// - Any other text has its first line as its title, provided more text follows it.
enum TitleLocator {
    /// Longer titles (in UTF-8 bytes) are paragraphs, not titles.
    static let maximumLength = 300

    private static let subject: [UInt8] = Array("subject:".utf8)
    private static let mboxSeparator: [UInt8] = Array("From ".utf8)

    /// The byte range of the title in `text`, or nil when it has none.
    static func titleRange(in text: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var start = 0
        while start < text.count, isSpace(text[start]) { start += 1 }
        guard start < text.count else { return nil }
        var end = start
        while end < text.count, text[end] != 0x0A { end += 1 }
        // An mbox message: the header block starts on the line after `From sender date`.
        let headerStart = startsWith(mboxSeparator, text, at: start) && end < text.count ? end + 1 : start
        if startsWithFieldName(text, at: headerStart), case .headerBlock(let subject) = scanHeaderBlock(text, from: headerStart) {
            return subject
        }
        guard end < text.count else { return nil }
        var rest = end
        while rest < text.count, isSpace(text[rest]) { rest += 1 }
        guard rest < text.count else { return nil }
        return trimmed(start..<end, in: text)
    }

    enum HeaderScan: Equatable {
        /// A header block, with the range of its subject's value when it has a usable one.
        case headerBlock(subject: Range<Int>?)
        /// Fewer than two `Field:` lines, or no blank line after them: a headline such as
        /// `Update: talks resume`, not a header block.
        case notAHeaderBlock
    }

    /// Reads the lines from `start` to the first blank line (or the end), counting `Field:` lines
    /// and finding the first `Subject:` among them.
    static func scanHeaderBlock(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> HeaderScan {
        var fields = 0
        var ended = false
        var subject: Range<Int>??
        var lineStart = start
        while lineStart < text.count {
            var lineEnd = lineStart
            while lineEnd < text.count, text[lineEnd] != 0x0A { lineEnd += 1 }
            var blank = true
            for i in lineStart..<lineEnd where !isSpace(text[i]) {
                blank = false
                break
            }
            if blank {
                ended = true
                break
            }
            if startsWithFieldName(text, at: lineStart) {
                fields += 1
                if subject == nil, startsWith(Self.subject, text, at: lineStart, ignoringCase: true) {
                    subject = .some(trimmed((lineStart + Self.subject.count)..<lineEnd, in: text))
                }
            }
            lineStart = lineEnd + 1
        }
        return fields >= 2 && ended ? .headerBlock(subject: subject ?? nil) : .notAHeaderBlock
    }

    /// Whether `text` has `prefix` at `start` (with `ignoringCase`, ASCII letters of any case;
    /// `prefix` is then lowercase).
    static func startsWith(_ prefix: [UInt8], _ text: UnsafeBufferPointer<UInt8>, at start: Int, ignoringCase: Bool = false) -> Bool {
        guard text.count - start >= prefix.count else { return false }
        for k in 0..<prefix.count {
            let byte = text[start + k]
            if (ignoringCase && isLetter(byte) ? byte | 0x20 : byte) != prefix[k] { return false }
        }
        return true
    }

    /// `Name:` with a name of ASCII letters, digits and hyphens that starts with a letter.
    static func startsWithFieldName(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start < text.count, isLetter(text[start]) else { return false }
        var i = start + 1
        while i < text.count, isLetter(text[i]) || (text[i] >= 0x30 && text[i] <= 0x39) || text[i] == 0x2D { i += 1 }
        return i < text.count && text[i] == 0x3A
    }

    /// `range` without surrounding spaces; nil when nothing is left or it is too long for a title.
    static func trimmed(_ range: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, isSpace(text[lower]) { lower += 1 }
        while upper > lower, isSpace(text[upper - 1]) { upper -= 1 }
        guard lower < upper, upper - lower <= maximumLength else { return nil }
        return lower..<upper
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
}
