import Foundation
import Synchronization
import SynapEvents
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The durability promise under fire: requests flow while the receiver is killed with
/// SIGKILL at random moments and restarted. Every request answered 200 must end up in the
/// file sink exactly once.
@Suite(.serialized) struct CrashTests {
    static let requestCount = 400
    static let kills = 5

    @Test func everyAcknowledgedEventSurvivesKillNineExactlyOnce() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let config = directory.write("""
            {
              "server": { "host": "127.0.0.1", "port": 0 },
              "dataDir": "\(directory.path)/data",
              "handlers": { "archive": { "type": "file", "path": "events.jsonl" } },
              "routes": [ { "path": "/webhooks/attempt-completed", "event": "attempt.completed", "handlers": ["archive"] } ]
            }
            """, to: "config.json")
        let receiver = Locked<ReceiverProcess?>(try ReceiverProcess(["serve", "--config", config]))
        // Each instance binds a free port (a fixed one could be taken by another test's client
        // between a kill and the restart); senders always use the current one.
        let port = Locked(try #require(receiver.withLock { $0 }?.listeningPort()))

        let acknowledged = Locked<[Int: String]>([:])  // request number -> event id from the 200
        let sample = SampleEvents.body(for: .attemptCompleted)
        let next = Locked(0)
        let stop = Locked(false)

        // Senders: each posts requests until all are answered 200, retrying like a patient client.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    while true {
                        let number = next.withLock { value -> Int? in
                            guard value < Self.requestCount else { return nil }
                            defer { value += 1 }
                            return value
                        }
                        guard let number else { return }
                        let body = "{\"nonce\": \(number)," + sample.dropFirst()
                        for _ in 0..<200 {
                            if let id = await Self.post(port: port.withLock { $0 }, body: body) {
                                acknowledged.withLock { $0[number] = id }
                                break
                            }
                            try await Task.sleep(for: .milliseconds(20))
                        }
                    }
                }
            }
            // The killer: SIGKILL at random moments, then restart on the same port.
            group.addTask {
                for _ in 0..<Self.kills {
                    try await Task.sleep(for: .milliseconds(Int.random(in: 150...500)))
                    if stop.withLock({ $0 }) { return }
                    receiver.withLock { process in
                        process?.signal(SIGKILL)
                        _ = process?.waitForExit()
                        process = try? ReceiverProcess(["serve", "--config", config])
                        if let fresh = process?.listeningPort() { port.withLock { $0 = fresh } }
                    }
                }
            }
            try await group.waitForAll()
        }
        stop.withLock { $0 = true }

        let acked = acknowledged.withLock { $0 }
        #expect(acked.count == Self.requestCount)
        // Let the last instance finish its deliveries, then stop it cleanly.
        let fileLines = { (directory.read("data/events.jsonl") ?? "").split(separator: "\n") }
        let expectedIDs = Set(acked.values)
        _ = receiver.withLock { process in process?.waitFor(timeout: 20) { _ in Set(fileLines().map { String($0.dropFirst(7).prefix(16)) }).isSuperset(of: expectedIDs) } }
        receiver.withLock { process in
            process?.signal(SIGTERM)
            _ = process?.waitForExit()
        }

        let ids = fileLines().map { String($0.dropFirst(7).prefix(16)) }
        let missing = expectedIDs.subtracting(ids)
        #expect(missing.isEmpty, "acknowledged but not in the file: \(missing.sorted().prefix(10))")
        let counts = Dictionary(ids.map { ($0, 1) }, uniquingKeysWith: +)
        let twice = counts.filter { $0.value > 1 }.keys
        #expect(twice.isEmpty, "in the file more than once: \(twice.sorted().prefix(10))")
        // Every line is whole JSON, and each acknowledged request's nonce is in its line.
        for line in fileLines() {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "torn line: \(line.prefix(80))")
        }
    }

    /// POSTs once; the event id when the answer was 200, nil on any failure.
    static func post(port: Int, body: String) async -> String? {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/webhooks/attempt-completed")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.timeoutInterval = 5
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        guard let (data, response) = try? await URLSession.shared.data(for: request),
              (response as? HTTPURLResponse)?.statusCode == 200,
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["id"] as? String
    }
}
