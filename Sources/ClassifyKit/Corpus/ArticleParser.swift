/// Parses one article in the native format of `seeds/`:
///
/// ```
/// ## Title
/// ### Description
/// Lede paragraph.
/// Body paragraphs…
/// ### Category
/// 1. Army-Wars-Conflict Zones-Military Tech.
/// 2. Main
/// **Date Created**
/// 12/20/2022
/// ```
///
/// A file without a `## ` title is read as plain text with no labels.
public struct ArticleParser: Sendable {
    /// The parts of an article.
    public struct Article: Sendable, Equatable {
        public var title: String?
        public var description: String?
        public var body: String
        /// The numbered `### Category` list, in file order; nil when there is no such section.
        public var categories: [String]?
        public var date: String?

        /// Title, description and body joined by newlines: what features are computed from.
        public var fullText: String {
            [title, description, body].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
        }

        /// The description and the body, one after the other: a document's text, whose title is
        /// `title`.
        public var textWithoutTitle: String {
            [description, body].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
        }
    }

    public init() {}

    private enum Section { case preamble, description, other, category, date }

    /// Splits `text` into title, description, body, categories and date.
    public func parse(_ text: String) -> Article {
        var title: String?
        var descriptionLines: [Substring] = []
        var bodyLines: [Substring] = []
        var categories: [String]?
        var date: String?
        var section = Section.preamble
        var sawHeading = false

        for rawLine in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            if line.utf8.last == 0x0D { line = Substring(line.utf8.dropLast()) }
            let trimmed = line.trimmingSpaces()
            if trimmed.hasPrefix("### ") || trimmed == "###" {
                sawHeading = true
                let name = trimmed.dropFirst(3).trimmingSpaces().lowercased()
                switch name {
                case "description": section = .description
                case "category", "categories": section = .category; categories = categories ?? []
                default: section = .other
                }
                continue
            }
            if trimmed.hasPrefix("## ") && title == nil && section == .preamble {
                title = String(trimmed.dropFirst(3).trimmingSpaces())
                sawHeading = true
                continue
            }
            if trimmed.hasPrefix("**") && trimmed.hasSuffix("**") && trimmed.count > 4 {
                let name = trimmed.dropFirst(2).dropLast(2).trimmingSpaces().lowercased()
                if name == "date created" || name == "date" {
                    section = .date
                    continue
                }
            }
            switch section {
            case .preamble, .other:
                bodyLines.append(line)
            case .description:
                // The first paragraph after `### Description` is the description; the rest is body.
                if descriptionLines.isEmpty || !bodyLines.isEmpty {
                    if trimmed.isEmpty && descriptionLines.isEmpty { continue }
                    if descriptionLines.isEmpty { descriptionLines.append(line) } else { bodyLines.append(line) }
                } else if trimmed.isEmpty {
                    bodyLines.append(line)
                } else {
                    descriptionLines.append(line)
                }
            case .category:
                if let name = Self.listItem(trimmed) { categories?.append(name) }
            case .date:
                if date == nil && !trimmed.isEmpty { date = String(trimmed) }
            }
        }
        if !sawHeading {
            return Article(title: nil, description: nil, body: text, categories: nil, date: nil)
        }
        let description = descriptionLines.joined(separator: "\n").trimmingCharacters()
        return Article(
            title: title,
            description: description.isEmpty ? nil : description,
            body: bodyLines.joined(separator: "\n").trimmingCharacters(),
            categories: categories,
            date: date
        )
    }

    /// `1. Name`, `1) Name`, `- Name` or `* Name` → `Name`.
    static func listItem(_ line: Substring) -> String? {
        var rest = line
        if let first = rest.first, first.isNumber {
            rest = rest.drop(while: { $0.isNumber })
            guard let marker = rest.first, marker == "." || marker == ")" else { return nil }
            rest = rest.dropFirst()
        } else if rest.hasPrefix("- ") || rest.hasPrefix("* ") {
            rest = rest.dropFirst(2)
        } else {
            return nil
        }
        let name = rest.trimmingSpaces()
        return name.isEmpty ? nil : String(name)
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return s
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
