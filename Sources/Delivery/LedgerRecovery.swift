import SystemIO

/// Rebuilds the ledger from a checkpoint and the journal written after it, in bounded memory:
/// records are read a piece at a time and only unsettled events are kept.
public struct LedgerRecovery: Sendable {
    /// The rebuilt state.
    public var ledger: Ledger
    /// The last event record read (a checkpoint taken on this state may start after it).
    public var lastEventPosition: JournalPosition?
    /// Records read, and event records among them.
    public var recordsRead = 0
    public var eventsRead = 0
    /// Problems found and repaired or skipped (torn tails, damaged frames), for the log.
    public var warnings: [String] = []

    /// Reads `segments` (oldest first) on top of `checkpoint`: segments before the checkpoint's
    /// position are skipped, its own segment is read from the position on. `repair` cuts a torn
    /// tail off the newest segment (a write a crash interrupted, never acknowledged); without
    /// it (`status` reading a live journal) nothing is changed. `eachEvent` sees every event
    /// record read (de-duplication re-learns bodies from it).
    public static func read(
        _ reader: JournalReader, segments: [JournalSegment], checkpoint: Checkpoint?, repair: Bool,
        eachEvent: (EventRecord, JournalPosition) -> Void = { _, _ in }, eachTransition: (Transition, JournalPosition) -> Void = { _, _ in }
    ) -> LedgerRecovery {
        var recovery = LedgerRecovery(ledger: checkpoint?.ledger ?? Ledger())
        let start = checkpoint?.position
        for segment in segments {
            if let start, segment < start.segment { continue }
            let offset = start.map { segment == $0.segment ? $0.offset : 0 } ?? 0
            do {
                let end = try reader.scan(segment, from: offset) { position, record in
                    recovery.recordsRead += 1
                    recovery.ledger.replay(record, at: position)
                    switch record {
                    case .event(let event), .eventCopy(let event):
                        recovery.eventsRead += 1
                        recovery.lastEventPosition = position
                        eachEvent(event, position)
                    case .transition(let transition):
                        eachTransition(transition, position)
                    case .probe:
                        break
                    }
                }
                switch end {
                case .complete:
                    break
                case .tornTail(let at, let bytes):
                    recovery.warnings.append("\(segment.fileName): torn tail of \(bytes) bytes at byte \(at)\(repair ? " cut off" : "")")
                    if repair { try reader.repair(segment, at: at) }
                case .corrupt(let at, let reason):
                    recovery.warnings.append("\(segment.fileName): \(reason) at byte \(at); the rest of this segment is skipped")
                }
            } catch {
                recovery.warnings.append("\(segment.fileName): \(error)")
            }
        }
        return recovery
    }
}
