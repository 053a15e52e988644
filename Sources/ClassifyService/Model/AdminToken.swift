/// The secret that `POST /v1/model/reload` must carry as `Authorization: Bearer TOKEN`. Tokens
/// are compared in time that does not depend on where they differ, so the answer's timing does
/// not reveal the token a byte at a time.
public struct AdminToken: Sendable {
    private let bytes: [UInt8]

    /// The shortest token accepted: shorter ones are guessable.
    public static let minimumLength = 16

    /// Nil when `text` is shorter than ``minimumLength``.
    public init?(_ text: String) {
        guard text.utf8.count >= Self.minimumLength else { return nil }
        bytes = Array(text.utf8)
    }

    /// Whether an `Authorization` header value is `Bearer` and this token.
    public func authorizes(_ header: String?) -> Bool {
        guard let header, header.hasPrefix(Self.scheme) else { return false }
        return matches(Array(header.utf8.dropFirst(Self.scheme.utf8.count)))
    }

    static let scheme = "Bearer "

    /// Whether `candidate` equals the token, looking at every byte of the longer of the two.
    func matches(_ candidate: [UInt8]) -> Bool {
        var difference = candidate.count ^ bytes.count
        for index in 0..<max(candidate.count, bytes.count) {
            let left = index < candidate.count ? candidate[index] : 0
            let right = index < bytes.count ? bytes[index] : 0
            difference |= Int(left ^ right)
        }
        return difference == 0
    }
}
