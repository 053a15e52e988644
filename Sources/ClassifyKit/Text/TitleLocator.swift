/// Finds the title of a document's text, so that its words can count as features of their own.
///
/// The title is the `Subject:` line when the text opens with an e-mail or Usenet header block
/// (`Field: value` lines up to the first blank line), and otherwise the first line, provided more
/// text follows it. Every corpus reader puts a title it knows (an article's `## Title`, a JSON
/// `title` field, a title column) on the first line, so both cases cover them.
enum TitleLocator {
    /// Longer first lines are paragraphs, not titles.
    static let maximumLength = 300

    /// The byte range of the title in `text`, or nil when it has none.
    static func titleRange(in text: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var start = 0
        while start < text.count, isSpace(text[start]) { start += 1 }
        guard start < text.count else { return nil }
        if startsWithFieldName(text, at: start), let subject = subjectRange(in: text, from: start) {
            return subject
        }
        var end = start
        while end < text.count, text[end] != 0x0A { end += 1 }
        guard end < text.count else { return nil }
        var rest = end
        while rest < text.count, isSpace(text[rest]) { rest += 1 }
        guard rest < text.count else { return nil }
        return trimmed(start..<end, in: text)
    }

    /// The value of the first `Subject:` line of the header block that begins at `start`.
    static func subjectRange(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int>? {
        let subject: [UInt8] = Array("subject:".utf8)
        var lineStart = start
        while lineStart < text.count {
            var lineEnd = lineStart
            while lineEnd < text.count, text[lineEnd] != 0x0A { lineEnd += 1 }
            var blank = true
            for i in lineStart..<lineEnd where !isSpace(text[i]) {
                blank = false
                break
            }
            if blank { return nil }
            if lineEnd - lineStart >= subject.count,
                (0..<subject.count).allSatisfy({ Tokenizer.asciiLower[Int(text[lineStart + $0])] == subject[$0] })
            {
                return trimmed((lineStart + subject.count)..<lineEnd, in: text)
            }
            lineStart = lineEnd + 1
        }
        return nil
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
