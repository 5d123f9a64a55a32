import SynapEvents

/// Rewrites the event index of the segments start-up reads again (those after the checkpoint,
/// whose index files may lack what a crash cut off, and any without a file), one segment at a
/// time as the journal is read: memory holds one segment's records.
final class IndexRebuild {
    private let index: EventIndex?
    private let decoder: SynapEventDecoder
    private let keep: Set<JournalSegment>
    private let from: JournalSegment?
    private let fromOffset: Int
    private let reader: JournalReader
    private var segment: JournalSegment?
    private(set) var records: [IndexRecord] = []

    /// Rebuilds the segments from `from` on (all when nil), and before it those not in `keep`.
    init(index: EventIndex?, decoder: SynapEventDecoder, keep: [JournalSegment], from: JournalPosition?, reader: JournalReader) {
        self.index = index
        self.decoder = decoder
        self.keep = Set(keep)
        self.from = from?.segment
        fromOffset = from?.offset ?? 0
        self.reader = reader
    }

    private func rebuilds(_ segment: JournalSegment) -> Bool {
        guard index != nil else { return false }
        if let from, segment >= from { return true }
        return !keep.contains(segment)
    }

    private func enter(_ next: JournalSegment) {
        guard next != segment else { return }
        finish()
        segment = next
    }

    func add(_ event: EventRecord, at position: JournalPosition) {
        enter(position.segment)
        guard let index, rebuilds(position.segment) else { return }
        switch EventResolution.delivery(of: event, decoder: decoder) {
        case .success(let delivery): records.append(.entry(index.entry(for: delivery, offset: position.offset)))
        case .failure: records.append(.entry(index.entry(for: event, offset: position.offset)))
        }
    }

    func add(_ transition: Transition, at position: JournalPosition) {
        enter(position.segment)
        guard rebuilds(position.segment) else { return }
        records.append(.change(IndexChange(transition)))
    }

    /// Writes the segment being gathered. The checkpoint's own segment was read from the
    /// checkpoint's position on: what came after is added to its file (a record already there
    /// again is harmless: the last change of a kind wins, and the journal's order is kept).
    func finish() {
        if let index, let segment, rebuilds(segment) {
            if segment == from, keep.contains(segment) {
                index.replace(segment, with: index.records(segment) + records)
            } else if segment == from {
                // Its file is gone too: what came before the checkpoint is read again.
                let earlier = IndexRebuild(index: index, decoder: decoder, keep: [], from: nil, reader: reader)
                _ = try? reader.scan(segment) { position, record in
                    guard position.offset < fromOffset else { return }
                    switch record {
                    case .event(let event), .eventCopy(let event): earlier.add(event, at: position)
                    case .transition(let transition): earlier.add(transition, at: position)
                    case .probe: break
                    }
                }
                index.replace(segment, with: earlier.records + records)
            } else {
                index.replace(segment, with: records)
            }
        }
        records = []
    }
}
