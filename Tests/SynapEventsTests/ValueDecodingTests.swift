import Foundation
import JSONSyntax
import Testing

@testable import SynapEvents

/// Decoding the value parsed once from a body: the same results as from bytes, errors included,
/// for bodies of any shape up to the nesting limit.
@Suite("Decoding a parsed body")
struct ValueDecodingTests {
    static let decoder = SynapEventDecoder()

    static func value(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: Array(text.utf8))
    }

    static func error(_ kind: EventKind, _ value: JSONValue) -> EventDecodingError? {
        do {
            _ = try decoder.decode(kind, from: value)
            return nil
        } catch {
            return error
        }
    }

    static func nested(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    @Test("value and bytes give the same event and kind", arguments: EventKind.allCases)
    func sameAsBytes(kind: EventKind) throws {
        let text = SampleEvents.body(for: kind)
        let value = try Self.value(text)
        #expect(try Self.decoder.decode(kind, from: value) == Self.decoder.decode(kind, from: Array(text.utf8)))
        #expect(EventKindDetector.detect(value) == EventKindDetector.detect(Array(text.utf8)))
        #expect(EventKindDetector.detect(value)?.kind == kind)
    }

    @Test func nestedArraysWhereAStringBelongs() throws {
        // Issue 12: 500 nested arrays in a string field of a 1 KB body took 0.7 s to report.
        let body = try TestSupport.setting("test.title", to: .null, in: SampleEvents.body(for: .attemptCompleted))
            .replacing(#""title":null"#, with: #""title":\#(Self.nested(500))"#)
        #expect(
            Self.error(.attemptCompleted, try Self.value(body))
                == EventDecodingError(fieldPath: "test.title", reason: "expected a string, found an array"))
        // Past the nesting limit the body is not accepted as JSON at all.
        let tooDeep = body.replacing(Self.nested(500), with: Self.nested(100_000))
        #expect(
            TestSupport.error(.attemptCompleted, tooDeep) == EventDecodingError(fieldPath: "", reason: "not valid JSON"))
    }

    /// A wide object's fields are found through an index (above 32 members); it must keep the first
    /// member of a repeated key, as the scan of a narrow object does.
    @Test(arguments: [3, 100])
    func firstMemberWinsInWideObjects(width: Int) throws {
        let sample = try Self.value(SampleEvents.body(for: .attemptCompleted))
        guard case .object(let members) = sample, let test = sample["test"] else { throw WrongShape() }
        let unknown = (0..<width).map { ("unknown\($0)", JSONValue.number("\($0)")) }
        let brokenTest = JSONValue.object([("id", .string("t")), ("title", .number("1"))])

        let validFirst = JSONValue.object(unknown + [("test", test)] + members + [("test", brokenTest)])
        #expect(Self.error(.attemptCompleted, validFirst) == nil)

        let brokenFirst = JSONValue.object(unknown + [("test", brokenTest)] + members)
        #expect(
            Self.error(.attemptCompleted, brokenFirst)
                == EventDecodingError(fieldPath: "test.title", reason: "expected a string, found a number"))

        let withoutTest = JSONValue.object(unknown + members.filter { $0.0 != "test" })
        #expect(
            Self.error(.attemptCompleted, withoutTest)
                == EventDecodingError(fieldPath: "test", reason: "missing required field"))
    }

    struct WrongShape: Error {}

    /// Field names are matched by canonical equivalence, as Codable matches them: a key written
    /// with the Kelvin sign (U+212A, three bytes) is the field "K". Keys too long to be equivalent
    /// are skipped without comparing; the bound must let this one through.
    @Test(arguments: [3, 100])
    func fieldNamesMatchByCanonicalEquivalence(width: Int) throws {
        let unknown = (0..<width).map { ("unknown\($0)", JSONValue.null) }
        let object = JSONValue.object(unknown + [("\u{212A}", .string("kelvin")), ("Ka", .string("other"))])
        let reader = try JSONObjectReader(object)
        #expect(reader.member("K") == .string("kelvin"))
        #expect(reader.member("Ka") == .string("other"))
        #expect(reader.member("k") == nil)
    }

    /// An open map as deep as the limit allows decodes, compares and is released on a thread with
    /// a small stack (512 KiB, as Dispatch gives on some platforms; Linux gives 8 MiB): nothing on
    /// the decoding path recurses per level of a body's own nesting beyond what that stack holds.
    @Test func deepOpenMapOnASmallStack() throws {
        // root > user > customAttributes > "deep": 3 levels, then alternating arrays and objects.
        var deep = ""
        for level in 0..<508 { deep += level % 2 == 0 ? "[1," : #"{"a":"x","b":"# }
        deep += "null"
        // A repeated key at every object level: the first member is the one read.
        for level in (0..<508).reversed() { deep += level % 2 == 0 ? "]" : #","b":0}"# }
        let body = try TestSupport.setting("user.customAttributes", to: .null, in: SampleEvents.body(for: .attemptCompleted))
            .replacing(#""customAttributes":null"#, with: #""customAttributes":{"deep":\#(deep),"deep":0}"#)
        let outcome = Locked<String?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            do {
                let value = try Self.value(body)
                let event = try Self.decoder.decode(.attemptCompleted, from: value)
                guard case .attemptCompleted(let completed) = event, var node = completed.user.customAttributes?["deep"]
                else { return outcome.set("not decoded as expected") }
                var depth = 0
                while true {
                    if case .array(let elements) = node, elements.count == 2 { node = elements[1] }
                    else if case .object(let members) = node, members.count == 2 { node = members["b"]! }
                    else { break }
                    depth += 1
                }
                let same = try Self.decoder.decode(.attemptCompleted, from: Self.value(body))
                let detected = EventKindDetector.detect(value)
                outcome.set("depth \(depth), bottom \(node), equal \(event == same), \(detected?.kind.rawValue ?? "none")")
            } catch {
                outcome.set("\(error)")
            }
        }
        thread.stackSize = 512 << 10
        thread.start()
        #expect(done.wait(timeout: .now() + 60) == .success)
        #expect(outcome.value == "depth 508, bottom null, equal true, attempt.completed")
    }
}

/// A value shared with another thread in a test.
final class Locked<Value: Sendable>: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value { lock.withLock { stored } }

    func set(_ value: Value) { lock.withLock { stored = value } }
}
