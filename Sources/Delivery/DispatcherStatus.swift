/// A snapshot of the delivery engine for `status`, `/readyz` and `/metrics`.
public struct DispatcherStatus: Sendable {
    /// One handler's state.
    public struct Handler: Sendable {
        public let name: String
        /// Deliveries waiting or in flight.
        public let backlog: Int
        /// How much of the backlog is held in memory; the rest waits in the journal.
        public let inMemory: Int
        /// The last error while the handler is between retries, nil when healthy.
        public let retrying: String?
        /// How long the handler has been failing without a success.
        public let stuckSeconds: Double
    }

    public let handlers: [Handler]
    /// Events some handler has not finished with.
    public let unfinishedEvents: Int
    public let deadLetters: Int
    public let quarantined: Int
}
