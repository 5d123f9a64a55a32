import Foundation
@testable import Delivery
import SystemIO

/// Helpers to write and read journals in tests.
enum JournalFixtures {
    static func event(_ n: Int, body: String = "{\"n\":1}", handlers: [String] = ["log", "file"]) -> EventRecord {
        EventRecord(
            id: EventID(rawValue: UInt64(1000 + n)), receivedAt: 1_700_000_000_000 + Int64(n), route: "/webhooks/a",
            kind: "attempt.completed", handlers: handlers, requestID: "r-\(n)", contentType: "application/json",
            body: Array(body.utf8))
    }

    static func transition(_ n: Int, handler: String = "log", sequence: UInt64 = 1) -> Transition {
        Transition(id: EventID(rawValue: UInt64(1000 + n)), handler: handler, sequence: sequence, at: 1_700_000_001_000, change: .delivered(attempt: 1, detail: "ok"))
    }

    /// A journal writing in `directory` after whatever segments are there.
    static func open(_ directory: String, segmentBytes: Int = 64 << 20, hooks: JournalHooks = JournalHooks()) throws -> Journal {
        let reader = JournalReader(directory: directory)
        let segments = (try? reader.segments()) ?? []
        return try Journal(directory: directory, segmentBytes: segmentBytes, lastSegment: segments.last, lastEventID: nil, hooks: hooks)
    }

    /// Every record on disk, in order, with where it is.
    static func records(_ directory: String) throws -> [(JournalPosition, JournalRecord)] {
        let reader = JournalReader(directory: directory)
        var all: [(JournalPosition, JournalRecord)] = []
        for segment in try reader.segments() {
            _ = try reader.scan(segment) { all.append(($0, $1)) }
        }
        return all
    }

    static func append(_ journal: Journal, _ records: [JournalRecord]) throws -> [JournalPosition] {
        try journal.appendAndWait(records).get()
    }
}
