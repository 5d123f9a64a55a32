import Testing
@testable import Delivery

@Suite struct RetryPolicyTests {
    @Test func delaysDoubleUpToTheMaximumWithoutJitter() {
        let policy = RetryPolicy(initialDelay: 1, maxDelay: 10, jitter: 0)
        let delays = (1...6).map { policy.delay(afterAttempt: $0, ageSeconds: 0, retryAfter: nil, random: 0.5) }
        #expect(delays == [1, 2, 4, 8, 10, 10])
        // Out-of-range attempt numbers (the method is public) give the first delay, not a trap.
        #expect(policy.delay(afterAttempt: 0, ageSeconds: 0, retryAfter: nil, random: 0.5) == 1)
        #expect(policy.delay(afterAttempt: -3, ageSeconds: 0, retryAfter: nil, random: 0.5) == 1)
    }

    @Test func jitterStaysWithinItsFraction() {
        let policy = RetryPolicy(initialDelay: 10, maxDelay: 10, jitter: 0.2)
        #expect(policy.delay(afterAttempt: 1, ageSeconds: 0, retryAfter: nil, random: 0) == 8)
        #expect(policy.delay(afterAttempt: 1, ageSeconds: 0, retryAfter: nil, random: 0.999)! < 12.01)
    }

    @Test func retryAfterIsHonouredWhenLonger() {
        let policy = RetryPolicy(initialDelay: 1, jitter: 0)
        #expect(policy.delay(afterAttempt: 1, ageSeconds: 0, retryAfter: 30, random: 0) == 30)
    }

    @Test func givesUpAtMaxAttemptsOrMaxAge() {
        let policy = RetryPolicy(maxAttempts: 3, maxAgeSeconds: 100, initialDelay: 1, jitter: 0)
        #expect(policy.delay(afterAttempt: 2, ageSeconds: 0, retryAfter: nil, random: 0) != nil)
        #expect(policy.delay(afterAttempt: 3, ageSeconds: 0, retryAfter: nil, random: 0) == nil)
        #expect(policy.delay(afterAttempt: 1, ageSeconds: 99.5, retryAfter: nil, random: 0) == nil)
    }
}
