import Foundation
import Logging
import Testing
@testable import ClassifyService

@Suite struct JSONLogHandlerTests {
    @Test func eachMessageIsOneJSONObjectWithItsMetadata() throws {
        var handler = JSONLogHandler(label: "classify")
        handler[metadataKey: "hb.request.id"] = "r1"
        let event = LogEvent(
            level: .info, message: "request", metadata: ["status": "200", "path": "/v1/\"classify\"\n"], source: nil, file: "", function: "", line: 0)
        let line = handler.line(event, time: Date(timeIntervalSince1970: 0))
        #expect(line.last == UInt8(ascii: "\n") && line.dropLast().allSatisfy { $0 != UInt8(ascii: "\n") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: String])
        #expect(object == [
            "time": "1970-01-01T00:00:00Z", "level": "info", "label": "classify", "message": "request",
            "hb.request.id": "r1", "status": "200", "path": "/v1/\"classify\"\n",
        ])
    }
}
