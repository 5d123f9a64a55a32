/// When to try a failed delivery again, and when to give up: exponential backoff with jitter,
/// bounded by a number of attempts and an age.
public struct RetryPolicy: Sendable, Equatable {
    /// Most attempts in all (the first included); 0 means no limit but `maxAge`.
    public var maxAttempts: Int
    /// Give up once the event is this many seconds old.
    public var maxAgeSeconds: Double
    /// Delay before the first retry, in seconds.
    public var initialDelay: Double
    /// Longest delay between tries, in seconds.
    public var maxDelay: Double
    /// Fraction of each delay that is randomised (0...1), so many failing deliveries spread out.
    public var jitter: Double

    /// Defaults that ride out a downstream outage of hours: 1 s doubling to 5 min, for 24 h.
    public init(maxAttempts: Int = 0, maxAgeSeconds: Double = 86_400, initialDelay: Double = 1, maxDelay: Double = 300, jitter: Double = 0.2) {
        self.maxAttempts = maxAttempts
        self.maxAgeSeconds = maxAgeSeconds
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    /// The delay before attempt `attempt + 1`, after attempt `attempt` failed; nil to give up.
    /// `ageSeconds` is the event's age now; `random` is a number in 0..<1.
    public func delay(afterAttempt attempt: Int, ageSeconds: Double, retryAfter: Double?, random: Double) -> Double? {
        if maxAttempts > 0 && attempt >= maxAttempts { return nil }
        let base = min(maxDelay, initialDelay * Double(1 << min(max(attempt - 1, 0), 40)))
        let jittered = base * (1 - jitter + 2 * jitter * random)
        let delay = max(jittered, retryAfter ?? 0)
        if ageSeconds + delay > maxAgeSeconds { return nil }
        return delay
    }
}
