import Dispatch
import Synchronization
import SystemIO

/// The durable, append-only log of everything the receiver acknowledged and of every change
/// of delivery state.
///
/// `append(_:completion:)` queues records and calls back once they are on stable storage.
/// Records that arrive while a write+fdatasync is under way are written together by the next
/// one (group commit): one fsync serves every concurrent request, and only the journal's own
/// queue ever waits on the disk. Completions run on that queue: they must only hand work on
/// (to a connection's queue, to the engine's), never do it there.
///
/// Before each write the journal checks that its segment is still the file at its path: a data
/// directory deleted or replaced under a running receiver fails every later write (503), never
/// a 2xx into a file nobody will read. A write that fails leaves nothing behind: it is cut off
/// the segment, and no new segment is started for it.
///
/// `@unchecked Sendable`: the open file and segment bookkeeping are touched only on
/// `writerQueue`; the pending batch and the health are behind mutexes.
public final class Journal: @unchecked Sendable {
    /// Called once records are durable (with where the first is) or could not be written.
    public typealias Completion = @Sendable (Result<[JournalPosition], SystemError>) -> Void

    /// The journal's directory.
    public let directory: String
    /// Size after which a new segment is started.
    public let segmentBytes: Int
    private let writerQueue = DispatchQueue(label: "journal.writer")

    private struct Pending {
        var bytes: [UInt8] = []
        /// Each waiting batch's completion and the offsets of its records within `bytes`.
        var completions: [(completion: Completion, offsets: [Int])] = []
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
    private let state = Mutex(JournalHealth.writable)

    // Confined to writerQueue.
    private var file: AppendOnlyFile?
    private var segment: JournalSegment
    private var segmentSize = 0
    private var hooks: JournalHooks

    /// Observes each group commit: how many batches, and how long write+fsync took.
    public var onFlush: (@Sendable (_ batches: Int, _ seconds: Double) -> Void)?
    /// Called (on the writer's queue) when a new segment is started for new records.
    var onRoll: (@Sendable () -> Void)?

    /// Opens the journal in `directory` for writing. New records go to a fresh segment after
    /// `lastSegment`, so a segment written before is never appended to.
    public init(
        directory: String, segmentBytes: Int = 64 << 20, lastSegment: JournalSegment?, lastEventID: EventID?,
        hooks: JournalHooks = JournalHooks()
    ) throws(SystemError) {
        try FileSystem.createDirectories(directory, mode: 0o700)
        self.lastEventID = Mutex(lastEventID)
        self.directory = directory
        self.segmentBytes = segmentBytes
        self.hooks = hooks
        self.segment = JournalSegment(sequence: (lastSegment?.sequence ?? 0) + 1)
        let existing = (try? FileSystem.contents(of: directory))?.compactMap(JournalSegment.init(fileName:)) ?? []
        self.bytes = Mutex(existing.compactMap { FileSystem.size(of: directory + "/" + $0.fileName) }.reduce(0, +))
        try openSegment()
    }

    private func openSegment() throws(SystemError) {
        let path = path(of: segment)
        let opened = try AppendOnlyFile(path: path, mode: 0o600)
        do throws(SystemError) {
            try FileSystem.syncDirectory(directory)
        } catch {
            opened.close()
            try? FileSystem.remove(path)
            throw error
        }
        file?.close()
        file = opened
        segmentSize = opened.size
    }

    /// A fresh id for an event received at `now` (ms), greater than every id before it.
    public func nextEventID(now: Int64) -> EventID {
        lastEventID.withLock { last in
            let id = EventID.next(after: last, milliseconds: now)
            last = id
            return id
        }
    }

    /// Makes later ids larger than `id` (an id found while reading the journal after start).
    public func noteEventID(_ id: EventID) {
        lastEventID.withLock { last in if id > (last ?? EventID(rawValue: 0)) { last = id } }
    }

    /// The path of a segment file.
    public func path(of segment: JournalSegment) -> String { directory + "/" + segment.fileName }

    /// Whether writes are getting through.
    public var health: JournalHealth { state.withLock { $0 } }

    /// Queues `records`, written together in one group commit; `completion` runs on the
    /// journal's queue once they are durable, with the position of each.
    public func append(_ records: [JournalRecord], completion: @escaping Completion) {
        var offsets: [Int] = []
        offsets.reserveCapacity(records.count)
        let framed = records.map { $0.framed() }
        let schedule = pending.withLock { state -> Bool in
            for bytes in framed {
                offsets.append(state.bytes.count)
                state.bytes.append(contentsOf: bytes)
            }
            state.completions.append((completion, offsets))
            defer { state.flushScheduled = true }
            return !state.flushScheduled
        }
        if schedule {
            writerQueue.async { @Sendable [self] in flush() }
        }
    }

    /// Queues `record` with no one waiting on it (state changes: losing the last few to a crash
    /// only means a redelivery, which handlers recognise). It rides with the next group commit,
    /// or is written by itself within `lazyFlushDelay`.
    public func appendLazily(_ record: JournalRecord) {
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
        if start { flush(whenNoOneWaits: true) }
    }

    /// Blocks until everything queued so far is durable (or failed).
    public func waitUntilFlushed() {
        while true {
            writerQueue.sync { flushLazily() }
            if pending.withLock({ !$0.flushScheduled && $0.bytes.isEmpty }) { return }
        }
    }

    /// Writes groups until none is waiting. `flushScheduled` stays set throughout, so appends
    /// made meanwhile join the next group instead of scheduling another flush.
    ///
    /// Records no one waits on (`appendLazily`) do not get a write and an fdatasync of their
    /// own while requests keep coming: they wait for the next group commit, or the lazy flush
    /// (`whenNoOneWaits`), within `lazyFlushDelay`. (They had one: under load, completions
    /// landing between two group commits made about one fdatasync in six a lazy one.)
    private func flush(whenNoOneWaits: Bool = false) {
        var first = true
        while true {
            let (batch, scheduleLazy) = pending.withLock { state -> (Pending, Bool) in
                if state.completions.isEmpty && !(whenNoOneWaits && first) {
                    state.flushScheduled = false
                    guard !state.bytes.isEmpty, !state.lazyFlushScheduled else { return (Pending(), false) }
                    state.lazyFlushScheduled = true
                    return (Pending(), true)
                }
                let taken = state
                state.bytes = []
                state.completions = []
                if taken.bytes.isEmpty { state.flushScheduled = false }
                return (taken, false)
            }
            first = false
            if scheduleLazy {
                writerQueue.asyncAfter(deadline: .now() + Self.lazyFlushDelay) { @Sendable [self] in flushLazily() }
            }
            guard !batch.bytes.isEmpty else { return }
            let started = WallClock.monotonicNanoseconds()
            let result: Result<Int, SystemError>
            do throws(SystemError) {
                result = .success(try write(batch.bytes))
                state.withLock { if case .failing = $0 { $0 = .writable } }
            } catch {
                result = .failure(error)
                state.withLock { health in
                    if case .lost = health { return }
                    if case .failing = health { return }
                    health = .failing(error.description, since: WallClock.nowMilliseconds())
                }
            }
            onFlush?(batch.completions.count, Double(WallClock.monotonicNanoseconds() - started) / 1e9)
            let written = segment
            for (completion, offsets) in batch.completions {
                completion(result.map { start in offsets.map { JournalPosition(segment: written, offset: start + $0) } })
            }
        }
    }

    /// Appends and syncs `bytes`; returns the offset they start at in the current segment.
    private func write(_ bytes: [UInt8]) throws(SystemError) -> Int {
        if case .lost(let reason) = health { throw SystemError(reason, errno: 2) }
        guard let current = file, current.isStillAtPath else {
            let reason = "the journal's segment \(path(of: segment)) is gone (was the data directory deleted or replaced?)"
            state.withLock { $0 = .lost(reason) }
            throw SystemError(reason, errno: 2)
        }
        if segmentSize >= segmentBytes {
            segment = JournalSegment(sequence: segment.sequence + 1)
            try openSegment()
            onRoll?()
        }
        guard let file else { throw SystemError("journal closed", errno: 9) }
        let before = segmentSize
        do throws(SystemError) {
            try hooks.beforeWrite?(bytes.count)
            try file.append(bytes)
            try hooks.beforeSync?()
            try file.sync()
            hooks.afterSync?()
            segmentSize += bytes.count
            self.bytes.withLock { $0 += bytes.count }
            return before
        } catch {
            // Nothing of this batch was acknowledged: cut it off so a later batch does not
            // follow a torn record. The segment stays open: a full disk costs no new files.
            try? file.truncate(to: before)
            throw error
        }
    }

    /// Appends `records` and blocks until they are durable: for operators' actions (replay,
    /// carrying events forward), never on the request path.
    public func appendAndWait(_ records: [JournalRecord]) -> Result<[JournalPosition], SystemError> {
        let outcome = Mutex<Result<[JournalPosition], SystemError>?>(nil)
        let group = DispatchGroup()
        group.enter()
        append(records) { result in
            outcome.withLock { $0 = result }
            group.leave()
        }
        group.wait()
        return outcome.withLock { $0 } ?? .failure(SystemError("journal append", errno: 5))
    }

    /// Tries a write with no content (a probe record) to learn whether the disk takes writes again.
    public func probe() {
        _ = appendAndWait([.probe])
    }

    /// Where the next record will go: everything before it is durable once `waitUntilFlushed` returns.
    public var end: JournalPosition { writerQueue.sync { JournalPosition(segment: segment, offset: segmentSize) } }

    /// The segment new records go to (never removable).
    public var currentSegment: JournalSegment { writerQueue.sync { segment } }

    /// Starts a new segment now, so every record written so far is in a closed one (erasure
    /// rewrites closed segments only).
    public func roll() throws(SystemError) {
        waitUntilFlushed()
        var failure: SystemError?
        writerQueue.sync {
            guard segmentSize > 0 else { return }
            segment = JournalSegment(sequence: segment.sequence + 1)
            do throws(SystemError) { try openSegment() } catch { failure = error }
        }
        if let failure { throw failure }
    }

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

    /// Notes that a closed segment was rewritten to `newSize` bytes (erasure).
    public func noteRewritten(oldSize: Int, newSize: Int) {
        bytes.withLock { $0 += newSize - oldSize }
    }

    /// Bytes of all segment files, kept up to date without touching the disk (checked per request).
    public var bytesOnDisk: Int { bytes.withLock { $0 } }

    /// Flushes and closes the current segment (removing it when nothing was written to it).
    public func close() {
        waitUntilFlushed()
        writerQueue.sync {
            file?.close()
            file = nil
            if segmentSize == 0 {
                try? FileSystem.remove(path(of: segment))
                try? FileSystem.syncDirectory(directory)
            }
        }
    }
}

/// Whether the journal takes writes.
public enum JournalHealth: Sendable, Equatable {
    case writable
    /// The last write failed (a full disk, an I/O error); later writes are still tried.
    case failing(String, since: Int64)
    /// The data directory was deleted or replaced: nothing more is written until a restart.
    case lost(String)
}

/// Points where tests look into or break the journal's writes.
public struct JournalHooks: Sendable {
    /// Called before each write with its size; throwing fails the write.
    public var beforeWrite: (@Sendable (Int) throws(SystemError) -> Void)?
    /// Called between the write and the fdatasync; throwing fails the sync.
    public var beforeSync: (@Sendable () throws(SystemError) -> Void)?
    /// Called once the fdatasync returned.
    public var afterSync: (@Sendable () -> Void)?

    public init(
        beforeWrite: (@Sendable (Int) throws(SystemError) -> Void)? = nil, beforeSync: (@Sendable () throws(SystemError) -> Void)? = nil,
        afterSync: (@Sendable () -> Void)? = nil
    ) {
        self.beforeWrite = beforeWrite
        self.beforeSync = beforeSync
        self.afterSync = afterSync
    }
}
