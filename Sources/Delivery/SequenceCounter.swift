import Synchronization

/// Hands out the sequence numbers that order delivery-state changes, from any thread (the
/// intake stamps its changes on the connection's queue, the engine on its own).
final class SequenceCounter: Sendable {
    private let value = Atomic<UInt64>(0)

    /// A number larger than every one handed out or noted before.
    func next() -> UInt64 { value.add(1, ordering: .relaxed).newValue }

    /// Notes a number seen in the journal or a checkpoint.
    func note(_ seen: UInt64) {
        var current = value.load(ordering: .relaxed)
        while seen > current {
            let (exchanged, original) = value.compareExchange(expected: current, desired: seen, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}
