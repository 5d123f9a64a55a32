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
