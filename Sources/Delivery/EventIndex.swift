import Checksums
import Dispatch
import Synchronization
import SynapEvents
import SystemIO

/// A small file beside each journal segment (`segment-N.idx`) listing its events with what a
/// console shows and searches (the learner, the test, keyed hashes of the learner's email,
/// name, id and the attempt id), and every later change of their state: the console finds an
/// event by a learner's email among 100,000 without reading the journal, and shows its
/// timeline, also right after a restart.
///
/// Derived data: written without fsync on a queue of its own, rebuilt from the journal for the
/// segments a start-up reads again, deleted with its segment, rewritten by an erasure.
///
/// `@unchecked Sendable`: the open file is touched only on `queue`.
public final class EventIndex: @unchecked Sendable {
    public let directory: String
    private let queue = DispatchQueue(label: "delivery.index")
    private let hashKey: (UInt64, UInt64)
    /// Records added since the queue last looked, in order, and whether a write is scheduled:
    /// adding takes a lock, not a hop to the queue per record (each hop to an idle queue wakes a
    /// thread: three per event).
    private let inbox = Mutex<(records: [(bytes: [UInt8], segment: JournalSegment?)], scheduled: Bool)>(([], false))
    // Confined to `queue`.
    private var file: AppendOnlyFile?
    private var fileSegment: JournalSegment?
    private var pending: [UInt8] = []

    static let suffix = ".idx"

    /// An index in `directory` (the journal's), hashing search terms with `key` (16 bytes or more).
    public init(directory: String, key: [UInt8]) {
        self.directory = directory
        var reader = ByteReader(key)
        hashKey = (reader.u64() ?? 0, reader.u64() ?? 0)
    }

    public func path(of segment: JournalSegment) -> String {
        directory + "/" + segment.fileName.dropLast(JournalSegment.suffix.count) + Self.suffix
    }

    /// The keyed hash of a search term: trimmed, lower-cased.
    public func token(_ text: String) -> UInt64 {
        var hasher = SipHash128(key: hashKey)
        var folded = text.trimmingCharacters().lowercased()
        folded.withUTF8 { hasher.update(UnsafeRawBufferPointer($0)) }
        return hasher.finalize().0
    }

    /// The entry of a decoded event.
    public func entry(for delivery: Delivery, offset: Int) -> IndexEntry {
        let summary = delivery.summary
        let terms = [summary.userEmail, summary.userName, summary.userId, summary.attemptId].compactMap { $0 }.filter { !$0.isEmpty }
        return IndexEntry(
            id: delivery.id, receivedAt: delivery.receivedAt, offset: offset, route: delivery.route, kind: delivery.kind.rawValue,
            learnerName: summary.userName, learnerEmail: summary.userEmail, title: summary.testTitle ?? summary.examName,
            score: summary.score.map(Self.number), tokens: Self.sortedUnique(terms.map(token)))
    }

    /// The distinct values of `tokens`, ascending (at most four per event: a sort beats a `Set`).
    static func sortedUnique(_ tokens: [UInt64]) -> [UInt64] {
        var sorted = tokens.sorted()
        var kept = 0
        for index in sorted.indices where kept == 0 || sorted[kept - 1] != sorted[index] {
            sorted[kept] = sorted[index]
            kept += 1
        }
        sorted.removeLast(sorted.count - kept)
        return sorted
    }

    /// The entry of an event that was not decoded (quarantined).
    public func entry(for record: EventRecord, offset: Int) -> IndexEntry {
        IndexEntry(
            id: record.id, receivedAt: record.receivedAt, offset: offset, route: record.route, kind: record.kind, learnerName: nil,
            learnerEmail: nil, title: nil, score: nil, tokens: [])
    }

    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// Adds an event, in its record's segment.
    public func add(_ entry: IndexEntry, segment: JournalSegment) {
        add(IndexRecord.entry(entry).framed(), segment: segment)
    }

    /// Adds a change, in the newest segment seen (never older than its event's).
    public func add(_ transition: Transition) {
        add(IndexRecord.change(IndexChange(transition)).framed(), segment: nil)
    }

    private func add(_ bytes: [UInt8], segment: JournalSegment?) {
        let schedule = inbox.withLock { inbox -> Bool in
            inbox.records.append((bytes, segment))
            defer { inbox.scheduled = true }
            return !inbox.scheduled
        }
        // Writes gather for a moment: one write(2) for many records.
        if schedule {
            queue.asyncAfter(deadline: .now() + .milliseconds(20)) { [self] in
                takeInbox()
                writePending()
            }
        }
    }

    /// Moves what was added into `pending`, switching files where a record names a newer
    /// segment. On the queue, first thing in every operation, so records keep their order.
    private func takeInbox() {
        let records = inbox.withLock { inbox in
            defer { inbox = ([], false) }
            return inbox.records
        }
        for (bytes, segment) in records {
            if let segment, segment > (fileSegment ?? JournalSegment(sequence: 0)) {
                writePending()
                file?.close()
                file = try? AppendOnlyFile(path: path(of: segment), mode: 0o600)
                fileSegment = segment
            }
            pending += bytes
        }
    }

    private func writePending() {
        guard !pending.isEmpty else { return }
        if file == nil, let segment = fileSegment { file = try? AppendOnlyFile(path: path(of: segment), mode: 0o600) }
        try? file?.append(pending)
        pending = []
    }

    /// Writes what is gathered and waits (queries read the files; tests; shutdown).
    public func flush() {
        queue.sync {
            takeInbox()
            writePending()
        }
    }

    /// Starts writing changes into `segment`'s file (the journal's current one at start-up).
    public func begin(at segment: JournalSegment) {
        queue.sync {
            takeInbox()
            if segment > (fileSegment ?? JournalSegment(sequence: 0)) {
                writePending()
                file?.close()
                file = nil
                fileSegment = segment
            }
        }
    }

    /// Deletes the files of deleted segments.
    public func remove(_ segments: [JournalSegment]) {
        queue.sync {
            takeInbox()
            for segment in segments where segment != fileSegment { try? FileSystem.remove(path(of: segment)) }
        }
    }

    /// Replaces a segment's file with `records` (a rebuild from the journal), atomically.
    func replace(_ segment: JournalSegment, with records: [IndexRecord]) {
        queue.sync {
            takeInbox()
            if segment == fileSegment {
                writePending()
                file?.close()
                file = nil
            }
            let bytes = records.flatMap { $0.framed() }
            try? FileSystem.writeAtomically(bytes, to: path(of: segment), mode: 0o600)
        }
    }

    /// The records of one segment's file, oldest first (empty when it has none).
    func records(_ segment: JournalSegment) -> [IndexRecord] {
        guard let bytes = try? FileSystem.readFile(path(of: segment)) else { return [] }
        return IndexRecord.decodeAll(bytes).map(\.record)
    }

    /// The records of `segment`'s index file about the events in `ids` (all with nil).
    func records(_ segment: JournalSegment, keeping ids: Set<EventID>?) -> [IndexRecord] {
        guard let ids else { return records(segment) }
        guard let bytes = try? FileSystem.readFile(path(of: segment)) else { return [] }
        return IndexRecord.decodeAll(bytes, keeping: ids.contains)
    }

    /// Segments that have an index file, oldest first.
    func indexedSegments() -> [JournalSegment] {
        ((try? FileSystem.contents(of: directory)) ?? []).compactMap { name -> JournalSegment? in
            guard name.hasSuffix(Self.suffix) else { return nil }
            return JournalSegment(fileName: String(name.dropLast(Self.suffix.count)) + JournalSegment.suffix)
        }.sorted()
    }
}

extension String {
    /// Without leading and trailing white space.
    func trimmingCharacters() -> String {
        // Most text has no white space at either end: two bytes tell (the index trims four
        // strings per event, and walking Characters cost about 0.7 us of it).
        if let first = utf8.first, let last = utf8.last, Self.isVisibleASCII(first), Self.isVisibleASCII(last) { return self }
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }

    private static func isVisibleASCII(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
}

extension EventIndex {
    /// Writes every index file holding records of `ids`, or entries carrying `token` (a learner's
    /// keyed hash: an earlier erasure may have removed the events from the journal and stopped
    /// before the index), again without them and with the new offsets of the events in
    /// rewritten segments, atomically. Returns how many files changed.
    func rewrite(dropping ids: Set<EventID>, token: UInt64?, moved: [JournalSegment: [Int: Int]]) -> Int {
        flush()
        let segments = indexedSegments()
        var dropped = ids
        if let token {
            for segment in segments {
                for case .entry(let entry) in records(segment) where entry.tokens.contains(token) { dropped.insert(entry.id) }
            }
        }
        var count = 0
        for segment in segments {
            let records = self.records(segment)
            let offsets = moved[segment] ?? [:]
            var changed = false
            let kept = records.compactMap { record -> IndexRecord? in
                switch record {
                case .entry(let entry):
                    if dropped.contains(entry.id) { changed = true; return nil }
                    guard let offset = offsets[entry.offset], offset != entry.offset else { return record }
                    changed = true
                    return .entry(IndexEntry(
                        id: entry.id, receivedAt: entry.receivedAt, offset: offset, route: entry.route, kind: entry.kind,
                        learnerName: entry.learnerName, learnerEmail: entry.learnerEmail, title: entry.title, score: entry.score,
                        tokens: entry.tokens))
                case .change(let change):
                    if dropped.contains(change.id) { changed = true; return nil }
                    return record
                }
            }
            guard changed else { continue }
            replace(segment, with: kept)
            count += 1
        }
        return count
    }
}
