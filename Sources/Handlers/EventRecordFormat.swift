import JSONSyntax
import SystemIO

/// The one JSON object the receiver writes for an event, wherever it writes one: a file sink's
/// line, a forward envelope, an export of dead letters or quarantine.
///
/// `{"id":"…","receivedAt":"…","route":"…","kind":"…","kindRule":"…",<extra members>,"body":<body>}`.
/// The body is embedded as received (it was checked to be one JSON value when it arrived),
/// except that with `singleLine` its CR and LF bytes become spaces: in valid JSON they can
/// only be insignificant whitespace, and a record in a JSON-lines file must stay on one line.
/// This file needs nothing above JSONSyntax and SystemIO, so it can move down a layer as it is.
public struct EventRecordFormat: Sendable, Equatable {
    /// The name of the member that holds the body (`body`; `event` in a forward envelope).
    public var bodyKey: String
    /// Turn CR and LF in the body into spaces, so the record is one line.
    public var singleLine: Bool

    /// A format; the defaults are a file sink's.
    public init(bodyKey: String = "body", singleLine: Bool = true) {
        self.bodyKey = bodyKey
        self.singleLine = singleLine
    }

    /// The file sink's line format (followed by a newline).
    public static let fileLine = EventRecordFormat()
    /// The forward handler's envelope: the body as received under `event`.
    public static let envelope = EventRecordFormat(bodyKey: "event", singleLine: false)

    /// The record's bytes, without a trailing newline. `extra` members come between
    /// `kindRule` and the body, in order (the body is last, since it is the long part).
    public func record(
        id: String, receivedAt: Int64, route: String, kind: String, kindRule: String, extra: [(String, JSONValue)] = [],
        body: [UInt8]
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(body.count + route.utf8.count + 160)
        bytes += #"{"id":"#.utf8
        Self.appendString(id, to: &bytes)
        bytes += #","receivedAt":""#.utf8
        WallClock.appendISO8601(milliseconds: receivedAt, to: &bytes)
        bytes += #"","route":"#.utf8
        Self.appendString(route, to: &bytes)
        bytes += #","kind":"#.utf8
        Self.appendString(kind, to: &bytes)
        bytes += #","kindRule":"#.utf8
        Self.appendString(kindRule, to: &bytes)
        for (name, value) in extra {
            bytes.append(UInt8(ascii: ","))
            Self.appendString(name, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            bytes += value.serialized().utf8
        }
        bytes.append(UInt8(ascii: ","))
        Self.appendString(bodyKey, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        let bodyStart = bytes.count
        bytes += body
        if singleLine {
            bytes.withUnsafeMutableBufferPointer { buffer in
                for index in bodyStart..<buffer.count where buffer[index] == 0x0A || buffer[index] == 0x0D { buffer[index] = 0x20 }
            }
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// `record(...)` followed by a newline: one line of a JSON-lines file.
    public func line(
        id: String, receivedAt: Int64, route: String, kind: String, kindRule: String, extra: [(String, JSONValue)] = [],
        body: [UInt8]
    ) -> [UInt8] {
        var bytes = record(id: id, receivedAt: receivedAt, route: route, kind: kind, kindRule: kindRule, extra: extra, body: body)
        bytes.append(0x0A)
        return bytes
    }

    /// A JSON string; the common case (nothing to escape) is copied without building a value.
    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            bytes.append(UInt8(ascii: "\""))
            bytes += text.utf8
            bytes.append(UInt8(ascii: "\""))
        } else {
            bytes += JSONValue.string(text).serialized().utf8
        }
    }
}
