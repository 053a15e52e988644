import Testing
@testable import ClassifyService

@Suite struct AdminTokenTests {
    @Test func tokensShorterThanTheMinimumAreRefused() {
        #expect(AdminToken("short") == nil)
        #expect(AdminToken(String(repeating: "t", count: AdminToken.minimumLength)) != nil)
    }

    @Test func onlyTheExactBearerTokenAuthorizes() throws {
        let token = try #require(AdminToken("0123456789abcdef"))
        #expect(token.authorizes("Bearer 0123456789abcdef"))
        for header: String? in [nil, "", "Bearer", "Bearer ", "bearer 0123456789abcdef", "Bearer 0123456789abcde", "Bearer 0123456789abcdeg",
            "Bearer 0123456789abcdef0", "Bearer 0123456789abcdef\u{0}", "0123456789abcdef"]
        {
            #expect(!token.authorizes(header), "\(String(describing: header))")
        }
    }
}
