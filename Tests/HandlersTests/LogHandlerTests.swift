import Delivery
import Foundation
import Synchronization
import Testing
@testable import Handlers

@Suite struct LogHandlerTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func write(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test func textLinesCarryTheFieldsAPersonScansFor() async throws {
        let lines = Lines()
        let handler = LogHandler(name: "console", writeLine: lines.write)
        let delivery = DeliveryFixture.make()
        try await handler.handle(delivery)
        let summary = delivery.summary
        #expect(lines.all.count == 1)
        let line = lines.all[0]
        #expect(line.hasPrefix("kind=attempt.completed id=0193a5f2c1d80001 "))
        #expect(line.contains("attempt=\(summary.attemptId!)"))
        #expect(line.contains("email=\(summary.userEmail!)"))
        #expect(line.contains("test=\"\(summary.testTitle!)\""))
        #expect(line.contains("score=17"))
        #expect(line.contains("time=\(summary.occurredAt!)"))
    }

    /// A batch is the same lines, in order, in one write; standard output takes batches, a
    /// caller's line writer one line a call.
    @Test func aBatchIsTheSameLinesInOneWrite() throws {
        let single = Lines(), together = Lines()
        let deliveries = (1...3).map { DeliveryFixture.make(id: UInt64($0)) }
        let one = LogHandler(name: "console", writeLine: single.write)
        for delivery in deliveries { one.handle(delivery) { _ in } }
        let handler = LogHandler(name: "console", writeLine: together.write)
        let outcomes = Mutex<[HandlerOutcome]>([])
        handler.handle(batch: deliveries) { result in outcomes.withLock { $0 = result } }
        #expect(together.all.count == 1)
        #expect(together.all.first?.split(separator: "\n").map(String.init) == single.all)
        #expect(outcomes.withLock { $0 } == Array(repeating: .delivered(), count: 3))
        #expect(!handler.takesBatches)
        #expect(LogHandler(name: "console").takesBatches)
    }

    @Test func jsonLinesAreObjectsWithNumbersAsNumbers() async throws {
        let lines = Lines()
        let handler = LogHandler(name: "console", format: .json, fields: [.kind, .email, .score, .scoreFrac], writeLine: lines.write)
        try await handler.handle(DeliveryFixture.make())
        let object = try JSONSerialization.jsonObject(with: Data(lines.all[0].utf8)) as! [String: Any]
        #expect(object["kind"] as? String == "attempt.completed")
        #expect(object["email"] as? String == "ada@example.edu")
        #expect(object["score"] as? Int == 17)
        #expect(object["scoreFrac"] is Double)
    }

    @Test func maskingHidesEmailsAndNames() async throws {
        let lines = Lines()
        let handler = LogHandler(name: "console", fields: [.email, .name], maskPersonalData: true, writeLine: lines.write)
        try await handler.handle(DeliveryFixture.make())
        #expect(lines.all[0] == "email=a***@example.edu name=\"A*** L***\"")
    }

    @Test func fieldsTheEventLacksAreLeftOut() async throws {
        let lines = Lines()
        let handler = LogHandler(name: "console", fields: [.kind, .attempt, .test], writeLine: lines.write)
        try await handler.handle(DeliveryFixture.make(.userRegistered))
        #expect(lines.all[0] == "kind=user.registered")
    }
}
