import Foundation
import Testing
@testable import Receiver

/// Failed attempts are limited per address, per username and globally, before any hashing.
@Suite struct LoginRateLimiterTests {
    static let tight = LoginRateLimiter.Policy(
        perAddress: .init(burst: 3, perSecond: 0.1), perUsername: .init(burst: 5, perSecond: 0.1), global: .init(burst: 8, perSecond: 1))

    @Test func anAddressGetsItsBurstThenWaitsForItsRefill() {
        let clock = ManualClock()
        let limiter = LoginRateLimiter(policy: Self.tight, now: { clock.now })
        for _ in 0..<3 {
            guard case .admitted = limiter.admit(address: "192.0.2.1", username: "ops") else { Issue.record("refused within the burst"); return }
        }
        #expect(limiter.admit(address: "192.0.2.1", username: "ops") == .refused(retryAfterSeconds: 10))
        clock.advance(4)
        #expect(limiter.admit(address: "192.0.2.1", username: "ops") == .refused(retryAfterSeconds: 6))
        clock.advance(6)
        #expect(limiter.admit(address: "192.0.2.1", username: "ops") == .admitted(.init(address: "192.0.2.1", username: "ops")))
        // Another address is not held back by this one's failures.
        #expect(limiter.admit(address: "192.0.2.2", username: "viewer") == .admitted(.init(address: "192.0.2.2", username: "viewer")))
    }

    @Test func aUsernameIsLimitedAcrossAddressesAndASuccessGivesTokensBack() {
        let clock = ManualClock()
        let limiter = LoginRateLimiter(policy: Self.tight, now: { clock.now })
        for index in 0..<5 {
            guard case .admitted = limiter.admit(address: "192.0.2.\(index)", username: "ops") else { Issue.record("refused within the burst"); return }
        }
        guard case .refused = limiter.admit(address: "192.0.2.99", username: "ops") else { Issue.record("a sixth address got through"); return }
        guard case .admitted(let ticket) = limiter.admit(address: "192.0.2.99", username: "viewer") else { Issue.record("another name was held back"); return }
        limiter.succeeded(ticket)
        limiter.succeeded(.init(address: "192.0.2.0", username: "ops"))
        guard case .admitted = limiter.admit(address: "192.0.2.98", username: "ops") else { Issue.record("a success did not give the name's token back"); return }
    }

    @Test func theGlobalBudgetHoldsAgainstManyAddresses() {
        let clock = ManualClock()
        let limiter = LoginRateLimiter(policy: Self.tight, now: { clock.now })
        var admitted = 0
        for index in 0..<50 {
            if case .admitted = limiter.admit(address: "198.51.100.\(index)", username: nil) { admitted += 1 }
        }
        #expect(admitted == 8)
        #expect(limiter.admit(address: "198.51.100.200", username: nil) == .refused(retryAfterSeconds: 1))
        clock.advance(1)
        #expect(limiter.admit(address: "198.51.100.200", username: nil) == .admitted(.init(address: "198.51.100.200", username: nil)))
    }

    @Test func theTablesStayBounded() {
        var policy = Self.tight
        policy.global = .init(burst: 1_000_000, perSecond: 1)
        policy.maxTrackedKeys = 100
        let clock = ManualClock()
        let limiter = LoginRateLimiter(policy: policy, now: { clock.now })
        for index in 0..<1000 { _ = limiter.admit(address: "10.0.\(index / 256).\(index % 256)", username: "u\(index)") }
        #expect(limiter.trackedKeys <= 2 * 100)
    }

    /// N wrong passwords quickly: the first `burst` are checked (PBKDF2 runs), the rest get 429
    /// with Retry-After and PBKDF2 does not run for them; the right password is refused too
    /// until the address has waited.
    @Test func aFloodOfWrongPasswordsIsRefusedBeforeHashing() throws {
        let harness = try AdminHarness(policy: Self.tight)
        defer { harness.stop() }
        var statuses: [Int] = []
        var retryAfter: [String] = []
        for attempt in 0..<20 {
            let answer = try harness.client.send("GET", "/admin/status", headers: [AdminClient.basic("ops", "guess-\(attempt)")])
            statuses.append(answer.status)
            if answer.status == 429 { retryAfter.append(answer.header("retry-after") ?? "") }
        }
        #expect(statuses == Array(repeating: 401, count: 3) + Array(repeating: 429, count: 17))
        #expect(retryAfter.allSatisfy { Int($0).map { $0 >= 1 && $0 <= 10 } == true })
        #expect(harness.gate.passwordHashRuns == 3)
        let right = try harness.client.send("GET", "/admin/sample", headers: [AdminClient.basic("ops", "operator-secret")])
        #expect(right.status == 429)
        // The login form is held to the same budget.
        let form = try harness.client.send("POST", "/login", headers: [("Content-Type", "application/json")], body: "{\"username\":\"ops\",\"password\":\"x\"}")
        #expect(form.status == 429)
        #expect(form.header("retry-after") != nil)
        #expect(harness.gate.passwordHashRuns == 3)
        harness.clock.advance(10)
        #expect(try harness.client.send("GET", "/admin/sample", headers: [AdminClient.basic("ops", "operator-secret")]).status == 200)
        #expect(harness.gate.passwordHashRuns == 4)
        // Only the three checked attempts reached the audit log, not the refused flood.
        #expect(Array(harness.audit.entries()).filter { $0.action == "auth.failed" }.count == 3)
    }

    /// Behind a trusted proxy each forwarded client has its own address budget; a username's
    /// budget holds across addresses (names that do not exist share one); the global budget
    /// caps tokens, which have no name.
    @Test func clientsBehindAProxyAreLimitedApartAndTogether() throws {
        var policy = Self.tight
        policy.global = .init(burst: 12, perSecond: 1)
        let harness = try AdminHarness(policy: policy, trustedProxies: ["127.0.0.1/32"])
        defer { harness.stop() }
        func statuses(_ count: Int, _ credential: (Int) -> (String, String), network: String) throws -> [Int] {
            try (0..<count).map { index in
                try harness.client.send("GET", "/admin/sample", headers: [credential(index), ("X-Forwarded-For", "\(network).\(index)")]).status
            }
        }
        #expect(try statuses(7, { _ in AdminClient.basic("ops", "wrong") }, network: "203.0.113") == [401, 401, 401, 401, 401, 429, 429])
        #expect(try statuses(7, { AdminClient.basic("nobody-\($0)", "wrong") }, network: "198.51.100") == [401, 401, 401, 401, 401, 429, 429])
        // Ten checked so far; the global budget of 12 (on a clock that does not move) allows two more.
        #expect(try statuses(3, { _ in ("Authorization", "Bearer not-a-token-0123456789") }, network: "192.0.2") == [401, 401, 429])
        #expect(harness.gate.passwordHashRuns == 12)
    }
}
