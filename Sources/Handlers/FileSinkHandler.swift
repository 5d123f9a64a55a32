import Delivery
import Synchronization
import SystemIO

/// Appends one JSON line per event to a file: receipt metadata and the body as received
/// (`EventRecordFormat.fileLine`).
///
/// The promises, and where each is kept:
/// - A file only ever holds whole lines: a write that fails half-way is cut back before the
///   failure is reported, and a torn line found at the end of a file is cut before appending
///   (`LineFile`).
/// - An event id is written at most once per file, rotation included: the engine never gives
///   the sink an event it delivered (`acceptsRepeatedDelivery` is false), and a delivery
///   recovered after a crash is looked for where it can have landed (`+Redelivery`).
/// - With `fsync`, the completion comes after the line's fdatasync, and the directory is
///   fsync'd when a file is created or rotated.
/// - Descriptors are bounded: idle files are closed, and at most `maxOpenFiles` are open.
/// - Every file written is in the registry, so retention (`sweep`) and erasure (`rewrite`)
///   reach all of them. Files are created with mode 0600 by default (they hold learner data).
public final class FileSinkHandler: WebhookHandler {
    /// How the handler behaves beyond its path.
    public struct Options: Sendable, Equatable {
        /// Start a new file once the current one reaches this size (0: never).
        public var maxBytes: Int
        /// fdatasync after each line before reporting it delivered (slower; without it, a power
        /// cut can lose the last lines although their events are recorded as delivered).
        public var fsync: Bool
        /// Permission bits for new files.
        public var mode: UInt32
        /// Close a file after this many seconds without a write.
        public var idleCloseSeconds: Double
        /// Most files open at once; the least recently written is closed to make room.
        public var maxOpenFiles: Int
        /// Delete files whose last write is older than this many days (nil: keep forever).
        public var retentionDays: Double?
        /// Where the registry of written files is kept (nil: in memory only, so files of
        /// earlier runs are unknown to retention and erasure).
        public var registryDirectory: String?
        /// How much of a file's end a recovered delivery is looked for in.
        public var redeliveryScanBytes: Int

        public init(
            maxBytes: Int = 0, fsync: Bool = false, mode: UInt32 = 0o600, idleCloseSeconds: Double = 60, maxOpenFiles: Int = 32,
            retentionDays: Double? = nil, registryDirectory: String? = nil, redeliveryScanBytes: Int = 4 << 20
        ) {
            self.maxBytes = maxBytes
            self.fsync = fsync
            self.mode = mode
            self.idleCloseSeconds = idleCloseSeconds
            self.maxOpenFiles = maxOpenFiles
            self.retentionDays = retentionDays
            self.registryDirectory = registryDirectory
            self.redeliveryScanBytes = redeliveryScanBytes
        }
    }

    /// What the sink knows; only touched under `state`'s lock (`LineFile` is not Sendable).
    struct State {
        var files: OpenFileTable
        /// Loaded at first use, so a registry that cannot be read fails deliveries (and is
        /// tried again) instead of letting the sink write files nobody can find.
        var registry: FileSinkRegistry?
        /// Per path, what it held when this process first looked at it (`+Redelivery`).
        var firstLooks: [String: FirstLook] = [:]
        /// Per path, the ids a recovered delivery may already have left there.
        var knownIDs: [String: Set<UInt64>] = [:]
    }

    public let name: String
    /// The path template, absolute (resolved against the working directory once).
    let template: FilePathTemplate
    let options: Options
    let failpoints: FileFailpoints
    let monotonicNanoseconds: @Sendable () -> UInt64
    let notice: (@Sendable (String) -> Void)?
    let state: Mutex<State>

    /// A file handler writing to `template`. `notice` hears what an operator should know
    /// (a torn line cut, a rotation that failed); `failpoints` and `monotonicNanoseconds`
    /// are for tests.
    public init(
        name: String, template: FilePathTemplate, options: Options = Options(), notice: (@Sendable (String) -> Void)? = nil,
        failpoints: FileFailpoints = .none, monotonicNanoseconds: @escaping @Sendable () -> UInt64 = WallClock.monotonicNanoseconds
    ) {
        self.name = name
        self.template = template.absolute(currentDirectory: FileSystem.currentDirectory())
        self.options = options
        self.notice = notice
        self.failpoints = failpoints
        self.monotonicNanoseconds = monotonicNanoseconds
        state = Mutex(State(files: OpenFileTable(capacity: options.maxOpenFiles, idleSeconds: options.idleCloseSeconds)))
    }

    /// A file sink must never write an event twice, even on a forced replay.
    public var acceptsRepeatedDelivery: Bool { false }

    /// One event is a batch of one (see `FileSinkHandler+Batch.swift`): one path for both.
    public func handle(_ delivery: Delivery, completion: @escaping @Sendable (HandlerOutcome) -> Void) {
        let path = template.path(for: delivery)
        handle(batch: [delivery]) { outcomes in
            completion(outcomes.first ?? .failed(HandlerFailure("file \(path): not written")))
        }
    }

    /// The line for one event (the receiver's event record, on one line).
    static func line(for delivery: Delivery) -> [UInt8] {
        EventRecordFormat.fileLine.line(for: delivery)
    }

    /// How many files are open now.
    public var openFileCount: Int { state.withLock { $0.files.count } }

    /// Closes every open file.
    public func close() {
        state.withLock { $0.files.closeAll() }
    }
}
