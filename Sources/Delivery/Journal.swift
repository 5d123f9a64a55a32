import Dispatch
import Synchronization
import SystemIO

/// The durable, append-only spool of everything the receiver acknowledged.
///
/// `append` queues a record and calls back once it is on stable storage. Records that arrive
/// while a write+fdatasync is under way are written together by the next one (group commit):
/// one fsync serves every concurrent request, and only the journal's own queue ever waits on
/// the disk, never a thread per request.
///
/// `@unchecked Sendable`: the open file and segment bookkeeping are touched only on
/// `writerQueue`; the pending batch is behind a mutex.
public final class Journal: @unchecked Sendable {
    /// Called once a record is durable (with where it is) or could not be written.
    public typealias Completion = @Sendable (Result<JournalPosition, SystemError>) -> Void

    /// The journal's directory.
    public let directory: String
    /// Size after which a new segment is started.
    public let segmentBytes: Int
    private let writerQueue = DispatchQueue(label: "journal.writer")

    private struct Pending {
        var bytes: [UInt8] = []
        /// Each waiting record's completion and its offset within `bytes`.
        var completions: [(completion: Completion, offset: Int)] = []
        /// A flush is queued or running on `writerQueue`.
        var flushScheduled = false
        /// A delayed flush for records no one waits on is queued.
        var lazyFlushScheduled = false
    }
    /// How long a record no one waits on may sit in memory before it is written by itself.
    static let lazyFlushDelay = DispatchTimeInterval.milliseconds(50)
    private let pending = Mutex(Pending())
    private let lastEventID: Mutex<EventID?>
    private let bytes: Mutex<Int>

    // Confined to writerQueue.
    private var file: AppendOnlyFile?
    private var segment: JournalSegment
    private var segmentSize = 0

    /// Observes each group commit: how many records, and how long write+fsync took.
    public var onFlush: (@Sendable (_ records: Int, _ seconds: Double) -> Void)?

    /// Opens the journal in `directory` (created if missing), after `recover` has read it.
    /// New records go to a fresh segment, so a recovered segment is never appended to.
    init(directory: String, segmentBytes: Int, lastSegment: JournalSegment?, lastEventID: EventID?, bytesOnDisk: Int) throws(SystemError) {
        self.lastEventID = Mutex(lastEventID)
        self.bytes = Mutex(bytesOnDisk)
        self.directory = directory
        self.segmentBytes = segmentBytes
        self.segment = JournalSegment(sequence: (lastSegment?.sequence ?? 0) + 1)
        try openSegment()
    }

    private func openSegment() throws(SystemError) {
        file?.close()
        file = try AppendOnlyFile(path: path(of: segment), mode: 0o600)
        segmentSize = file?.size ?? 0
        try FileSystem.syncDirectory(directory)
    }

    /// A fresh id for an event received at `now` (ms), greater than every id before it.
    public func nextEventID(now: Int64) -> EventID {
        lastEventID.withLock { last in
            let id = EventID.next(after: last, milliseconds: now)
            last = id
            return id
        }
    }

    /// The path of a segment file.
    public func path(of segment: JournalSegment) -> String { directory + "/" + segment.fileName }

    /// Queues `record`; `completion` runs (on the journal's queue) once it is durable.
    public func append(_ record: JournalRecord, completion: @escaping Completion) {
        let bytes = record.framed()
        let schedule = pending.withLock { state -> Bool in
            state.completions.append((completion, state.bytes.count))
            state.bytes.append(contentsOf: bytes)
            defer { state.flushScheduled = true }
            return !state.flushScheduled
        }
        if schedule {
            writerQueue.async { @Sendable [self] in flush() }
        }
    }

    /// Queues `record` with no one waiting on it (acks: losing the last few to a crash only
    /// means a redelivery, which handlers de-duplicate). It rides with the next group commit,
    /// or is written by itself within `lazyFlushDelay`: under load, acks (two or more per
    /// event) then cost no fsync of their own.
    public func append(_ record: JournalRecord) {
        let bytes = record.framed()
        let scheduleLazy = pending.withLock { state -> Bool in
            state.bytes.append(contentsOf: bytes)
            guard !state.flushScheduled, !state.lazyFlushScheduled else { return false }
            state.lazyFlushScheduled = true
            return true
        }
        if scheduleLazy {
            writerQueue.asyncAfter(deadline: .now() + Self.lazyFlushDelay) { @Sendable [self] in flushLazily() }
        }
    }

    /// Runs on `writerQueue`: writes what lazy appends left, unless a group commit is already on it.
    private func flushLazily() {
        let start = pending.withLock { state -> Bool in
            state.lazyFlushScheduled = false
            guard !state.flushScheduled, !state.bytes.isEmpty else { return false }
            state.flushScheduled = true
            return true
        }
        if start { flush() }
    }

    /// Blocks until everything queued so far is durable (for shutdown and tests).
    public func waitUntilFlushed() {
        while true {
            writerQueue.sync { flushLazily() }
            if pending.withLock({ !$0.flushScheduled && $0.bytes.isEmpty }) { return }
        }
    }

    /// Writes groups until none is waiting. `flushScheduled` stays set throughout, so appends
    /// made meanwhile join the next group instead of scheduling another flush.
    private func flush() {
        while true {
            let batch = pending.withLock { state -> Pending in
                let taken = state
                state.bytes = []
                state.completions = []
                if taken.bytes.isEmpty { state.flushScheduled = false }
                return taken
            }
            guard !batch.bytes.isEmpty else { return }
            let started = WallClock.monotonicNanoseconds()
            let result: Result<Int, SystemError>
            do throws(SystemError) {
                result = .success(try write(batch.bytes))
            } catch {
                result = .failure(error)
            }
            onFlush?(batch.completions.count, Double(WallClock.monotonicNanoseconds() - started) / 1e9)
            let written = segment
            for (completion, offset) in batch.completions {
                completion(result.map { JournalPosition(segment: written, offset: $0 + offset) })
            }
        }
    }

    /// Appends and syncs `bytes`; returns the offset they start at in the current segment.
    private func write(_ bytes: [UInt8]) throws(SystemError) -> Int {
        if file == nil || segmentSize >= segmentBytes {
            segment = JournalSegment(sequence: segment.sequence + 1)
            try openSegment()
        }
        guard let file else { throw SystemError("journal closed", errno: 9) }
        let before = segmentSize
        do throws(SystemError) {
            try file.append(bytes)
            try file.sync()
            segmentSize += bytes.count
            self.bytes.withLock { $0 += bytes.count }
            return before
        } catch {
            // Nothing of this batch was acknowledged: cut it off so a later batch does not
            // follow a torn record, and start a new segment on the next write.
            try? file.truncate(to: before)
            self.file = nil
            throw error
        }
    }

    /// The segment new records go to (never removable).
    public var currentSegment: JournalSegment { writerQueue.sync { segment } }

    /// Deletes segment files; the current one is never deleted.
    public func remove(_ segments: [JournalSegment]) {
        writerQueue.sync {
            for old in segments where old != segment {
                let size = FileSystem.size(of: path(of: old)) ?? 0
                if (try? FileSystem.remove(path(of: old))) != nil { bytes.withLock { $0 -= size } }
            }
            try? FileSystem.syncDirectory(directory)
        }
    }

    /// Reads back the event recorded at `position` (a backlogged delivery's turn has come).
    public func readEvent(at position: JournalPosition) throws(SystemError) -> EventRecord {
        let path = path(of: position.segment)
        var header = ByteReader(FileSystem.readRange(path, offset: position.offset, count: JournalRecord.frameHeaderBytes))
        guard let length = header.u32() else { throw SystemError("read \(path)", errno: 5) }
        let frame = FileSystem.readRange(path, offset: position.offset, count: JournalRecord.frameHeaderBytes + Int(length))
        guard case .record(.event(let event), _) = JournalRecord.decode(frame, at: 0) else {
            throw SystemError("no intact event record at \(path):\(position.offset)", errno: 5)
        }
        return event
    }

    /// Bytes of all segment files, kept up to date without touching the disk (checked per request).
    public var bytesOnDisk: Int { bytes.withLock { $0 } }

    /// Flushes and closes the current segment.
    public func close() {
        waitUntilFlushed()
        writerQueue.sync {
            file?.close()
            file = nil
        }
    }
}

extension Journal {
    /// Appends `records` and blocks until they are durable (replay and offline tools; never
    /// on the request path). Returns the segment of each, in order, or the first error.
    public func appendAndWait(_ records: [JournalRecord]) -> Result<[JournalPosition], SystemError> {
        let group = DispatchGroup()
        let results = Mutex([Result<JournalPosition, SystemError>?](repeating: nil, count: records.count))
        for (index, record) in records.enumerated() {
            group.enter()
            append(record) { result in
                results.withLock { $0[index] = result }
                group.leave()
            }
        }
        group.wait()
        var positions: [JournalPosition] = []
        for result in results.withLock({ $0 }) {
            switch result! {
            case .success(let position): positions.append(position)
            case .failure(let error): return .failure(error)
            }
        }
        return .success(positions)
    }
}
