import Delivery
import Foundation
import JSONSyntax
import Testing
@testable import Handlers

/// One record format for the file line, the forward envelope and exports.
@Suite struct EventRecordFormatTests {
    static let body = "{\r\n  \"user\": {\"id\": \"7dNGUkKit2O\"},\n  \"route\": \"a\\\"b\"\n}"

    static func record(_ format: EventRecordFormat, extra: [(String, JSONValue)] = []) -> String {
        let bytes = format.record(
            id: "0193a5f2c1d80001", receivedAt: 1_795_433_919_135, route: "/webhooks/attempt-completed", kind: "attempt.completed",
            kindRule: "route", extra: extra, body: Array(body.utf8))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The file sink's line, byte for byte: any change here changes every sink file.
    @Test func theFileLineIsPinned() {
        let sample = DeliveryFixture.make()
        let delivery = Delivery(
            id: sample.id, receivedAt: sample.receivedAt, route: sample.route, event: sample.event, kindRule: "route", body: Array(Self.body.utf8),
            requestID: "req-1")
        let line = FileSinkHandler.line(for: delivery)
        let expected = #"{"id":"0193a5f2c1d80001","receivedAt":"2026-11-23T11:38:39.135Z","route":"/webhooks/attempt.completed","kind":"attempt.completed","kindRule":"route","body":{    "user": {"id": "7dNGUkKit2O"},   "route": "a\"b" }}"#
            + "\n"
        #expect(String(decoding: line, as: UTF8.self) == expected)
    }

    @Test func extraMembersComeBeforeTheBody() throws {
        let text = Self.record(.fileLine, extra: [("handler", .string("lms")), ("attempts", .number("5")), ("error", .string("HTTP 500: \"down\""))])
        #expect(text.hasPrefix(#"{"id":"0193a5f2c1d80001","receivedAt":"2026-11-23T11:38:39.135Z","route":"/webhooks/attempt-completed","kind":"attempt.completed","kindRule":"route","handler":"lms","attempts":5,"error":"HTTP 500: \"down\"","body":{"#))
        let value = try JSONValue(parsing: Array(text.utf8))
        #expect(value["attempts"] == .number("5"))
        #expect(!text.contains("\n"))
    }

    /// The envelope carries the body as received, line breaks included.
    @Test func theEnvelopeKeepsTheBodyAsReceived() throws {
        let text = Self.record(.envelope)
        #expect(text.hasSuffix(#","kindRule":"route","event":"# + Self.body + "}"))
        let value = try JSONValue(parsing: Array(text.utf8))
        #expect(value["event"] == (try JSONValue(parsing: Array(Self.body.utf8))))
    }

    /// Strings that need escaping are escaped (a route is configuration text).
    @Test func stringsAreEscaped() throws {
        let bytes = EventRecordFormat.fileLine.record(id: "x", receivedAt: 0, route: "/a\"b\\c\u{1}", kind: "k", kindRule: "r", body: Array("1".utf8))
        let value = try JSONValue(parsing: bytes)
        #expect(value["route"] == .string("/a\"b\\c\u{1}"))
        #expect(value["receivedAt"] == .string("1970-01-01T00:00:00.000Z"))
    }
}
