/// One document of a corpus: an id, its text, and the labels it carries (none when unlabelled).
public struct Document: Sendable, Equatable {
    /// Unique within its corpus: a JSON `id`, a file path, or a line number.
    public var id: String
    /// The text without the title: for native articles the description and body, for JSON Lines
    /// the `text` field, for CSV/TSV the text columns.
    public var text: String
    /// The headline, where the format has one (an article's `## Title`, a JSON `title`, a CSV
    /// `title` column). Word features count its words before the text's, and title terms come from
    /// it; without one they come from the text (its `Subject:` header, or its first line).
    public var title: String?
    /// The description (lede), where the format has one.
    public var description: String?
    /// Zero or more category names.
    public var labels: [String]
    /// The date the article was created, as written in it (metadata only).
    public var date: String?
    /// The labels this document was judged for, when its source annotates only part of the
    /// taxonomy (a JSON `annotated_labels` list): it is a known positive for those of them it
    /// carries and a known negative for the rest, and says nothing about labels outside the list,
    /// which training leaves out of their loss. Nil: judged for every label (the labels it does
    /// not carry are negatives).
    public var annotatedLabels: [String]?

    public init(
        id: String, text: String, title: String? = nil, description: String? = nil,
        labels: [String] = [], date: String? = nil, annotatedLabels: [String]? = nil
    ) {
        self.id = id
        self.text = text
        self.title = title
        self.description = description
        self.labels = labels
        self.date = date
        self.annotatedLabels = annotatedLabels
    }
}

extension Document {
    /// The ids that more than one of `documents` carries, in the order their first repeat appears
    /// (a file listed twice, or corpora merged with overlapping ids).
    public static func repeatedIds(in documents: [Document]) -> [String] {
        var seen = Set<String>()
        var repeated: [String] = []
        var reported = Set<String>()
        for document in documents where !seen.insert(document.id).inserted {
            if reported.insert(document.id).inserted { repeated.append(document.id) }
        }
        return repeated
    }
}

extension Document {
    /// What word features are counted over: the title on a line of its own, then the text (so
    /// word n-grams run on from the title into the text as when they were one text).
    public var featureText: String {
        guard let title, !title.isEmpty else { return text }
        return title + "\n" + text
    }

    /// The UTF-8 byte range of the title in `featureText`, or nil when the document has none (a
    /// blank title counts as none, so that a title can still be found in the text).
    public var featureTitleRange: Range<Int>? {
        guard let title, !title.utf8.allSatisfy(TitleLocator.isSpace) else { return nil }
        return 0..<title.utf8.count
    }

    /// Whether the document has no words at all (title and text blank).
    public var isBlank: Bool {
        let blank = { (text: String) in text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 } }
        return blank(text) && blank(title ?? "")
    }
}

extension Document {
    /// The document cut to its first `words` words (the title's first, then the text's), as one
    /// untitled text with single spaces: what a headline, a lede or a teaser of it looks like to a
    /// model. Labels and annotation are kept.
    public func truncated(toWords words: Int) -> Document {
        var kept: [Substring] = []
        // Each word takes a byte and a separator (or the end of its part): no more fit.
        kept.reserveCapacity(min(words, ((title?.utf8.count ?? 0) + text.utf8.count) / 2 + 2))
        for part in [title ?? "", text] where kept.count < words {
            for word in part.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
                guard kept.count < words else { break }
                kept.append(word)
            }
        }
        return Document(id: id, text: kept.joined(separator: " "), labels: labels, date: date, annotatedLabels: annotatedLabels)
    }
}
