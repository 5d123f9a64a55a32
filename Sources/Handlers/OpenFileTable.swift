import SystemIO

/// The files a sink holds open: at most `capacity` (the least recently written is closed to
/// make room), each closed once it has gone `idleNanoseconds` without a write. So a path
/// template with `{date}` holds a handful of descriptors, not one per day since start.
struct OpenFileTable {
    private struct Entry {
        let file: LineFile
        var lastUsed: UInt64
    }

    private var entries: [String: Entry] = [:]
    private var lastIdleCheck: UInt64 = 0
    let capacity: Int
    let idleNanoseconds: UInt64

    init(capacity: Int, idleSeconds: Double) {
        self.capacity = max(1, capacity)
        self.idleNanoseconds = UInt64(max(0, idleSeconds) * 1e9)
    }

    /// How many files are open.
    var count: Int { entries.count }

    /// The paths of the open files.
    var paths: [String] { Array(entries.keys) }

    /// The open file at `path`, marked as used at `now`.
    mutating func file(at path: String, now: UInt64) -> LineFile? {
        guard let file = entries[path]?.file else { return nil }
        entries[path]?.lastUsed = now
        return file
    }

    /// Adds a file just opened, closing the least recently used one if the table is full.
    mutating func insert(_ file: LineFile, now: UInt64) {
        if entries[file.path] == nil && entries.count >= capacity,
            let oldest = entries.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key
        {
            close(oldest)
        }
        entries[file.path]?.file.close()
        entries[file.path] = Entry(file: file, lastUsed: now)
    }

    /// Closes the file at `path` if it is open.
    mutating func close(_ path: String) {
        entries.removeValue(forKey: path)?.file.close()
    }

    /// Closes the files not used since `now - idleNanoseconds`; returns how many. Unless
    /// `always`, looks at most once a second (it runs before every line).
    @discardableResult
    mutating func closeIdle(now: UInt64, always: Bool = false) -> Int {
        guard always || now >= lastIdleCheck &+ 1_000_000_000 || now < lastIdleCheck else { return 0 }
        lastIdleCheck = now
        let idle = entries.filter { $0.value.lastUsed <= now && now - $0.value.lastUsed >= idleNanoseconds }.map(\.key)
        idle.forEach { close($0) }
        return idle.count
    }

    /// Closes every file.
    mutating func closeAll() {
        entries.values.forEach { $0.file.close() }
        entries = [:]
    }
}
