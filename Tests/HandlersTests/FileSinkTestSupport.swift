import Delivery
import Foundation
import Synchronization
import SynapEvents
@testable import Handlers

/// Helpers for the file sink's tests: folders that clean up, deliveries with chosen ids and
/// times, outcomes read back, and what a file or the process holds.
enum SinkTest {
    /// 2026-11-23T11:38:39.135Z, the fixtures' receipt time.
    static let receivedAt: Int64 = 1_795_433_919_135
    static let day: Int64 = 86_400_000

    /// A fresh folder; `remove` it in a `defer`.
    static func directory() -> String {
        let path = FileManager.default.temporaryDirectory.path + "/synap-sink-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    static func delivery(_ id: UInt64, receivedAt: Int64 = receivedAt, isRedelivery: Bool = false, body: String? = nil) -> Delivery {
        let text = body ?? SampleEvents.body(for: .attemptCompleted)
        let event = try! SynapEventDecoder().decode(.attemptCompleted, from: Array(text.utf8))
        return Delivery(
            id: EventID(rawValue: id), receivedAt: receivedAt, route: "/webhooks/attempt.completed", event: event, kindRule: "route",
            body: Array(text.utf8), requestID: "req-\(id)", isRedelivery: isRedelivery)
    }

    /// Runs one delivery and returns how it ended (the sink completes before `handle` returns,
    /// but this waits anyway, with a timeout, so a test never hangs).
    static func outcome(_ handler: FileSinkHandler, _ delivery: Delivery) -> HandlerOutcome? {
        let done = DispatchSemaphore(value: 0)
        let box = Mutex<HandlerOutcome?>(nil)
        handler.handle(delivery) { outcome in
            box.withLock { $0 = outcome }
            done.signal()
        }
        _ = done.wait(timeout: .now() + 10)
        return box.withLock { $0 }
    }

    static func isDelivered(_ outcome: HandlerOutcome?) -> Bool {
        if case .delivered? = outcome { return true }
        return false
    }

    static func isFailed(_ outcome: HandlerOutcome?) -> Bool {
        if case .failed? = outcome { return true }
        return false
    }

    static func bytes(_ path: String) -> [UInt8] {
        (FileManager.default.contents(atPath: path)).map { Array($0) } ?? []
    }

    /// The file's lines (a last line without a newline included).
    static func lines(_ path: String) -> [String] {
        String(decoding: bytes(path), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The `id` of each line, in order ("?" for a line that is not a JSON object with one).
    static func ids(_ path: String) -> [String] {
        lines(path).map { line in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["id"] as? String ?? "?"
        }
    }

    static func hex(_ id: UInt64) -> String { EventID(rawValue: id).description }

    /// True when every line is whole: the file ends with a newline and each line is JSON.
    static func holdsOnlyWholeLines(_ path: String) -> Bool {
        let content = bytes(path)
        guard !content.isEmpty else { return true }
        guard content.last == 0x0A else { return false }
        return lines(path).allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil }
    }

    /// How many of this process's descriptors are open on files under `directory`.
    static func descriptors(under directory: String) -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return entries.filter { entry in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + entry))?.hasPrefix(directory + "/") ?? false
        }.count
    }

    static func names(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    static func mode(of path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }
}

/// A monotonic clock a test moves by hand.
final class ManualClock: Sendable {
    private let nanoseconds = Mutex<UInt64>(1_000_000_000)

    func now() -> UInt64 { nanoseconds.withLock { $0 } }
    func advance(seconds: Double) { nanoseconds.withLock { $0 += UInt64(seconds * 1e9) } }
}

/// Records what a sink did, in order: its file steps and its completions.
final class StepLog: Sendable {
    private let entries = Mutex<[String]>([])

    func append(_ entry: String) { entries.withLock { $0.append(entry) } }
    var all: [String] { entries.withLock { $0 } }
}
