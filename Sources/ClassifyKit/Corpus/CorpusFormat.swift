/// The corpus layouts `classify` reads.
public enum CorpusFormat: String, CaseIterable, Sendable, Codable {
    /// Pick by extension and content, and say which was picked.
    case auto
    /// The native article format (`## Title`, `### Description`, body, `### Category`, `**Date Created**`),
    /// one article per `.md`/`.txt` file; a folder of them is a corpus.
    case article
    /// JSON Lines: `{"id": …, "text": …, "labels": [...]}` (or `"label": "…"`) per line.
    case jsonl
    /// A folder per class: `ROOT/<label>/<file>`.
    case folder
    /// Comma-separated values, with or without a header.
    case csv
    /// Tab-separated values, with or without a header.
    case tsv
    /// fastText lines: `__label__a __label__b text…`.
    case fasttext
    /// Plain text: the whole file is one unlabelled document.
    case text
}

/// Options for the CSV/TSV reader and label handling that apply to every format.
public struct CorpusOptions: Sendable {
    /// Whether the first CSV/TSV row names the columns; nil guesses from the first row.
    public var header: Bool?
    /// Columns (names, or 1-based indices) joined to make the text. Empty picks `text`, or
    /// `title` + `description`, or every column but the label column.
    public var textColumns: [String] = []
    /// The label column (name or 1-based index); nil picks `labels`/`label`/`category`/`class`, or column 1.
    public var labelColumn: String?
    /// The id column (name or 1-based index); nil uses the row number.
    public var idColumn: String?
    /// Splits a label field into several labels (for example `;`); nil keeps the field whole.
    public var labelSeparator: String?

    public init() {}
}
