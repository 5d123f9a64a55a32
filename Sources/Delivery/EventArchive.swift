import Synchronization
import SystemIO

/// An append-only JSON-lines file of archived events (the dead letters, or the quarantine).
/// Each entry is fsync'd before `add` returns: these are events no handler has, so the file
/// is the only copy besides the journal.
public final class EventArchive: Sendable {
    /// The file's path.
    public let path: String
    private let file: Mutex<AppendOnlyFile?>
    private let count: Mutex<Int>

    /// Opens (or creates, mode 0600) the archive at `path`.
    public init(path: String) throws(SystemError) {
        self.path = path
        try FileSystem.createDirectories(FileSystem.parent(of: path), mode: 0o700)
        let opened = try AppendOnlyFile(path: path, mode: 0o600)
        file = Mutex(opened)
        count = Mutex(Self.entryCount(path: path))
    }

    /// Appends one entry durably.
    public func add(_ entry: ArchivedEvent) throws(SystemError) {
        let line = Array((entry.jsonLine() + "\n").utf8)
        let result = file.withLock { file -> Result<Void, SystemError> in
            guard let file else { return .failure(SystemError("write \(path)", errno: 9)) }
            return Result { () throws(SystemError) in
                try file.append(line)
                try file.sync()
            }
        }
        try result.get()
        count.withLock { $0 += 1 }
    }

    /// How many entries the file holds.
    public var entryCountNow: Int { count.withLock { $0 } }

    /// Every entry in the file at `path` (lines that do not parse are skipped).
    public static func entries(path: String) throws(SystemError) -> [ArchivedEvent] {
        guard FileSystem.exists(path) else { return [] }
        let bytes = try FileSystem.readFile(path)
        return bytes.split(separator: 0x0A).compactMap { ArchivedEvent(jsonLine: Array($0)) }
    }

    private static func entryCount(path: String) -> Int {
        ((try? FileSystem.readFile(path)) ?? []).reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    /// Closes the file.
    public func close() {
        file.withLock { file in
            file?.close()
            file = nil
        }
    }
}
