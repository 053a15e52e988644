import Testing
@testable import ClassifyKit
@Test func smoke() { #expect(Tokenizer().tokens("Hello World") == ["hello", "world"]) }
