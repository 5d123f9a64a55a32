import Foundation
import SynapEvents
import Testing

@Suite("SynapTimestamp")
struct SynapTimestampTests {
    /// 2024-06-25T11:15:15Z.
    static let base = 1_719_314_115.0

    static let parsed: [(String, Double)] = [
        ("2024-06-25T11:15:15.587Z", base + 0.587),
        ("2024-06-25T11:15:15Z", base),
        ("2024-06-25T11:15:15.5Z", base + 0.5),
        ("2024-06-25T11:15:15.123456Z", base + 0.123456),
        ("2024-06-25t11:15:15z", base),
        ("2024-06-25T12:15:15+01:00", base),
        ("2024-06-25T12:15:15.587+01:00", base + 0.587),
        ("2024-06-25T06:45:15-04:30", base),
        ("2024-06-25T11:15:15+0000", base),
        ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59Z", -1),
        ("2000-02-29T00:00:00Z", 951_782_400),
        ("2024-06-03T23:00:00.000Z", 1_717_455_600),
    ]

    @Test("ISO-8601 forms parse", arguments: parsed)
    func parses(_ raw: String, _ seconds: Double) throws {
        let timestamp = SynapTimestamp(raw)
        let date = try #require(timestamp.date)
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_001)
        #expect(timestamp.raw == raw)
    }

    @Test(
        "anything else keeps its text and has no date",
        arguments: [
            "", "2024-06-25", "2024-06-25T11:15:15", "2024-06-25 11:15:15", "1719314115587", "25/06/2024 11:15",
            "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-06-25T24:00:00Z",
            "2024-06-25T11:60:00Z", "2024-06-25T11:15:60Z", "2024-06-25T11:15:15.Z", "2024-06-25T11:15:15Zjunk",
            "2024-06-25T11:15:15+1:00", "2024-06-25T11:15:15+25:00", "Tuesday", "２０２４-06-25T11:15:15Z",
        ])
    func keepsRaw(raw: String) throws {
        let timestamp = try JSONDecoder().decode(SynapTimestamp.self, from: try JSONEncoder().encode(raw))
        #expect(timestamp.raw == raw)
        #expect(timestamp.date == nil)
        #expect(timestamp.description == raw)
    }

    @Test func encodesAsItsRawString() throws {
        let data = try JSONEncoder().encode(["at": SynapTimestamp("2024-06-25T11:15:15.587Z")])
        #expect(String(decoding: data, as: UTF8.self) == #"{"at":"2024-06-25T11:15:15.587Z"}"#)
    }

    @Test func aNumberIsNotATimestamp() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([SynapTimestamp].self, from: Data("[1719314115]".utf8))
        }
    }
}
