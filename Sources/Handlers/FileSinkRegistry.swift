import JSONSyntax
import SystemIO

/// Every file a file sink has written, kept in `<directory>/files.jsonl`, so erasure and
/// retention reach all of them: files of earlier path templates, absolute paths outside the
/// data directory, dated and rotated files alike.
///
/// One line per file, `{"path":"/abs/events.jsonl","role":"current"}`: `current` for a path
/// the sink appends to, `rotated` for a name it moved a full or aged file to. A path is
/// recorded (and fsync'd) before the sink first writes to it or renames to it, so a file the
/// sink wrote is never missing from the registry, even after a power cut. Without a
/// directory the registry lives in memory only.
public struct FileSinkRegistry: Sendable {
    /// Whether a path is appended to or was moved aside.
    public enum Role: String, Sendable {
        case current, rotated
    }

    /// The registry file's name inside its directory.
    public static let fileName = "files.jsonl"

    /// Where the registry is kept (nil: in memory only).
    public let directory: String?
    /// The recorded paths with their roles, in the order they were first recorded.
    public private(set) var entries: [(path: String, role: Role)] = []
    private var known: Set<String> = []

    /// The registry kept in `directory` (read from it when it exists). A torn last line (a
    /// power cut during a record) is ignored: its file was not written yet.
    public init(directory: String?) throws(SystemError) {
        self.directory = directory
        guard let directory else { return }
        let path = directory + "/" + Self.fileName
        guard FileSystem.exists(path) else { return }
        for line in try FileSystem.readFile(path).split(separator: 0x0A) {
            guard let value = try? JSONValue(parsing: Array(line)), case .string(let file)? = value["path"] else { continue }
            let role: Role = value["role"] == .string("rotated") ? .rotated : .current
            if known.insert(file).inserted { entries.append((file, role)) }
        }
    }

    /// Records `path` (absolute) durably, unless it is already recorded.
    public mutating func record(_ path: String, role: Role) throws(SystemError) {
        guard !known.contains(path) else { return }
        if let directory {
            let file = directory + "/" + Self.fileName
            try FileSystem.createDirectories(directory, mode: 0o700, sync: true)
            let registry = try LineFile(path: file, mode: 0o600)
            defer { registry.close() }
            try registry.withExclusiveLock { () throws(SystemError) in
                _ = try registry.cutTornTail()
                try registry.append(Self.line(path, role: role), sync: true)
            }
            if registry.created { try FileSystem.syncDirectory(directory) }
        }
        known.insert(path)
        entries.append((path, role))
    }

    /// Drops `paths` (files that no longer exist), rewriting the registry atomically.
    public mutating func forget(_ paths: Set<String>) throws(SystemError) {
        guard !paths.isDisjoint(with: known) else { return }
        entries.removeAll { paths.contains($0.path) }
        known.subtract(paths)
        guard let directory else { return }
        let bytes = entries.flatMap { Self.line($0.path, role: $0.role) }
        try FileSystem.writeAtomically(bytes, to: directory + "/" + Self.fileName, mode: 0o600)
    }

    /// Every file the sink wrote that exists now, sorted: the recorded ones and the rotated
    /// files of recorded paths (which also finds files rotated before there was a registry).
    public func existingFiles() -> [String] {
        // Only regular files: a path that is now a directory (or a device) holds nothing a sink wrote.
        var files = Set(entries.map(\.path).filter(FileSystem.isRegularFile))
        // Each directory is listed once, however many paths it holds (a year of `{date}` files).
        let current = Set(entries.filter { $0.role == .current }.map(\.path))
        for directory in Set(current.map(FileSystem.parent)) {
            let prefix = directory == "/" ? "/" : directory + "/"
            for name in (try? FileSystem.contents(of: directory)) ?? [] {
                guard let original = RotatedFileName.original(of: prefix + name), current.contains(original), FileSystem.isRegularFile(prefix + name) else { continue }
                files.insert(prefix + name)
            }
        }
        return files.sorted()
    }

    /// The existing files of the registry kept in `directory`: what erasure or an audit reads
    /// when no sink is running (a handler removed from the configuration, the receiver stopped).
    public static func existingFiles(inDirectory directory: String) throws(SystemError) -> [String] {
        try FileSinkRegistry(directory: directory).existingFiles()
    }

    private static func line(_ path: String, role: Role) -> [UInt8] {
        Array(JSONValue.object([("path", .string(path)), ("role", .string(role.rawValue))]).serialized().utf8) + [0x0A]
    }
}
