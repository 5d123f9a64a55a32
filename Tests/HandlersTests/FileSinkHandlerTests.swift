import Foundation
import Testing
@testable import Delivery
@testable import Handlers
import SynapEvents

@Suite struct FileSinkHandlerTests {
    static func directory() -> String {
        let path = FileManager.default.temporaryDirectory.path + "/synap-file-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func lines(_ path: String) -> [String] {
        (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    }

    @Test func oneJSONLinePerEventWithTheBodyAsReceived() async throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate(dir + "/nested/{event}-{date}.jsonl"))
        let delivery = DeliveryFixture.make()
        try await handler.handle(delivery)
        let path = dir + "/nested/attempt.completed-2026-11-23.jsonl"
        let lines = Self.lines(path)
        #expect(lines.count == 1)
        let record = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        #expect(record["id"] as? String == "0193a5f2c1d80001")
        #expect(record["receivedAt"] as? String == "2026-11-23T11:38:39.135Z")
        #expect(record["route"] as? String == "/webhooks/attempt.completed")
        #expect(record["kind"] as? String == "attempt.completed")
        // The body is the original bytes with line breaks turned into spaces.
        let bodyStart = lines[0].range(of: "\"body\":")!.upperBound
        let embedded = String(lines[0][bodyStart...].dropLast())
        #expect(embedded == String(decoding: delivery.body, as: UTF8.self).replacingOccurrences(of: "\n", with: " "))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func concurrentWritesNeverTearOrInterleaveLines() async throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate(dir + "/all.jsonl"))
        let large = SampleEvents.largeAttemptCompleted(targetBytes: 64 * 1024)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<200 {
                group.addTask {
                    try await handler.handle(DeliveryFixture.make(id: UInt64(n + 1), body: n % 2 == 0 ? large : nil))
                }
            }
            try await group.waitForAll()
        }
        let lines = Self.lines(dir + "/all.jsonl")
        #expect(lines.count == 200)
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil)
        }
        #expect(Set(lines.map { String($0.prefix(30)) }).count == 200)
    }

    @Test func aRedeliveryAlreadyInTheFileIsNotWrittenTwice() async throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let template = try FilePathTemplate(dir + "/events.jsonl")
        try await FileSinkHandler(name: "archive", template: template).handle(DeliveryFixture.make(id: 42))
        // A new handler instance, as after a restart, sees the id in the file's tail.
        let restarted = FileSinkHandler(name: "archive", template: template)
        try await restarted.handle(DeliveryFixture.make(id: 42, isRedelivery: true))
        try await restarted.handle(DeliveryFixture.make(id: 43, isRedelivery: true))
        let lines = Self.lines(dir + "/events.jsonl")
        #expect(lines.count == 2)
        #expect(lines[1].hasPrefix("{\"id\":\"000000000000002b\""))
    }

    @Test func filesRotateBySize() async throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate(dir + "/events.jsonl"), options: .init(maxBytes: 5000))
        for n in 1...4 { try await handler.handle(DeliveryFixture.make(id: UInt64(n))) }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(names.count >= 2)
        let total = names.flatMap { Self.lines(dir + "/" + $0) }
        #expect(total.count == 4)
    }

    @Test func unknownPlaceholdersAreRefused() {
        #expect(throws: HandlerConfigurationError.self) { try FilePathTemplate("events/{kind}.jsonl") }
        #expect(throws: HandlerConfigurationError.self) { try FilePathTemplate("events/{event.jsonl") }
    }

    @Test func routeAndEventPlaceholdersFillIn() throws {
        let template = try FilePathTemplate("/x/{route}/{event}.jsonl")
        #expect(template.path(for: DeliveryFixture.make()) == "/x/webhooks-attempt.completed/attempt.completed.jsonl")
    }

    /// A relative template goes under the data directory, whose name is literal even with braces.
    @Test func relativeTemplatesResolveUnderALiteralDirectory() throws {
        let delivery = DeliveryFixture.make()
        let plain = try FilePathTemplate("events.jsonl").resolved(against: "/data/{odd}")
        #expect(plain.path(for: delivery) == "/data/{odd}/events.jsonl")
        let dated = try FilePathTemplate("{date}/{event}.jsonl").resolved(against: "/data")
        #expect(dated.path(for: delivery) == "/data/2026-11-23/attempt.completed.jsonl")
        #expect(try FilePathTemplate("/abs/{date}.jsonl").resolved(against: "/data").path(for: delivery) == "/abs/2026-11-23.jsonl")
    }
}

extension FileSinkHandlerTests {
    /// logrotate (or an operator) moves the file away: the next line starts a new file at the path.
    @Test func aFileMovedAwayIsReopened() async throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate(dir + "/events.jsonl"))
        try await handler.handle(DeliveryFixture.make(id: 1))
        try FileManager.default.moveItem(atPath: dir + "/events.jsonl", toPath: dir + "/events.jsonl.1")
        try await handler.handle(DeliveryFixture.make(id: 2))
        #expect(Self.lines(dir + "/events.jsonl").count == 1)
        #expect(Self.lines(dir + "/events.jsonl.1").count == 1)
    }
}
