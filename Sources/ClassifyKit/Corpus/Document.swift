/// One document of a corpus: an id, its text, and the labels it carries (none when unlabelled).
public struct Document: Sendable, Equatable {
    /// Unique within its corpus: a JSON `id`, a file path, or a line number.
    public var id: String
    /// The text features are computed from. For native articles: title, description and body.
    public var text: String
    /// The headline, where the format has one.
    public var title: String?
    /// The description (lede), where the format has one.
    public var description: String?
    /// Zero or more category names.
    public var labels: [String]
    /// The date the article was created, as written in it (metadata only).
    public var date: String?

    public init(
        id: String, text: String, title: String? = nil, description: String? = nil,
        labels: [String] = [], date: String? = nil
    ) {
        self.id = id
        self.text = text
        self.title = title
        self.description = description
        self.labels = labels
        self.date = date
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
