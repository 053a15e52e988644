import ClassifyKit
import Foundation

/// The documents of a `POST /v1/classify` body: `{"text": …}`, `{"title": …, "text": …}`, or
/// `{"documents": [{"id": …, "title": …, "text": …}, …]}`.
struct ClassifyRequest {
    var documents: [Document]
    /// Whether the body named one document (answered with one prediction object).
    var isSingle: Bool

    /// Parses `body`; the error says what is wrong with it, and whether it is too large.
    static func parse(_ body: [UInt8], maximumDocuments: Int) throws(RequestError) -> ClassifyRequest {
        guard String(validating: body, as: UTF8.self) != nil else {
            throw RequestError(.badRequest, "the body is not UTF-8")
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(body), options: .fragmentsAllowed) } catch {
            throw RequestError(.badRequest, "the body is not JSON; send {\"text\": …} or {\"documents\": [{\"id\": …, \"text\": …}, …]}")
        }
        guard let fields = object as? [String: Any] else {
            throw RequestError(.badRequest, "the body is not a JSON object; send {\"text\": …} or {\"documents\": […]}")
        }
        if let list = fields["documents"] {
            try rejectUnknownFields(fields, allowed: ["documents"], at: "")
            guard let items = list as? [Any], !items.isEmpty else {
                throw RequestError(.badRequest, "\"documents\" must be a non-empty array of objects")
            }
            guard items.count <= maximumDocuments else {
                throw RequestError(.contentTooLarge, "\(items.count) documents in one request, more than the \(maximumDocuments) allowed (--max-documents)")
            }
            let documents = try items.enumerated().map { (index, item) throws(RequestError) in
                guard let item = item as? [String: Any] else { throw RequestError(.badRequest, "documents[\(index)] is not an object") }
                return try document(item, defaultId: String(index), at: "documents[\(index)].")
            }
            return ClassifyRequest(documents: documents, isSingle: false)
        }
        return ClassifyRequest(documents: [try document(fields, defaultId: "", at: "")], isSingle: true)
    }

    /// The fields a document object may have.
    static let documentFields: Set<String> = ["id", "title", "text"]

    /// Throws for the first field (in sorted order) not in `allowed`: a misspelt field is an
    /// error, not a silently ignored one.
    private static func rejectUnknownFields(_ fields: [String: Any], allowed: Set<String>, at place: String) throws(RequestError) {
        guard let unknown = fields.keys.filter({ !allowed.contains($0) }).sorted().first else { return }
        let names = allowed.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
        throw RequestError(.badRequest, "unknown field \"\(place)\(unknown)\"; the fields are \(names)")
    }

    /// The document of one JSON object.
    private static func document(_ fields: [String: Any], defaultId: String, at place: String) throws(RequestError) -> Document {
        try rejectUnknownFields(fields, allowed: documentFields, at: place)
        guard let value = fields["text"] else { throw RequestError(.badRequest, "\(place)text is missing") }
        guard let text = value as? String else { throw RequestError(.badRequest, "\(place)text must be a string") }
        var title: String?
        if let value = fields["title"], !(value is NSNull) {
            guard let string = value as? String else { throw RequestError(.badRequest, "\(place)title must be a string") }
            title = string
        }
        var id = defaultId
        if let value = fields["id"], !(value is NSNull) {
            guard let string = value as? String else { throw RequestError(.badRequest, "\(place)id must be a string") }
            id = string
        }
        guard !Document(id: id, text: text).isBlank else {
            throw RequestError(.badRequest, "\(place)text is empty (a title alone is not enough)")
        }
        return Document(id: id, text: text, title: title)
    }
}
