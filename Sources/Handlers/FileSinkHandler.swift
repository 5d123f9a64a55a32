import Delivery
import Synchronization
import SystemIO

/// Appends one JSON line per event to a file: receipt metadata and the body as received.
///
/// Each line goes out in one `write(2)` on an O_APPEND descriptor under a lock, so lines are
/// never torn or interleaved. Files are created with mode 0600 (they hold learner data).
/// Redeliveries (after a crash, or a replay) whose id is already in the file are skipped, so
/// the file holds each event once.
public final class FileSinkHandler: WebhookHandler {
    /// How the handler behaves beyond its path.
    public struct Options: Sendable, Equatable {
        /// Start a new file once the current one reaches this size (0: never).
        public var maxBytes: Int
        /// fdatasync after each line (slower; the journal already makes events durable).
        public var fsync: Bool
        /// Permission bits for new files.
        public var mode: UInt32

        public init(maxBytes: Int = 0, fsync: Bool = false, mode: UInt32 = 0o600) {
            self.maxBytes = maxBytes
            self.fsync = fsync
            self.mode = mode
        }
    }

    public let name: String
    let template: FilePathTemplate
    let options: Options

    private struct OpenFile {
        let file: AppendOnlyFile
        /// Ids found in the file's tail when it was opened: the only ones a redelivery can repeat.
        let knownIDs: Set<String>
    }

    // `AppendOnlyFile` is not Sendable; it is only touched under this lock.
    private let files = Mutex<[String: OpenFile]>([:])

    /// A file handler writing to `template`.
    public init(name: String, template: FilePathTemplate, options: Options = Options()) {
        self.name = name
        self.template = template
        self.options = options
    }

    public func handle(_ delivery: Delivery, completion: @escaping @Sendable (HandlerOutcome) -> Void) {
        let path = template.path(for: delivery)
        let line = Self.line(for: delivery)
        let result = files.withLock { files -> Result<Void, SystemError> in
            Result { () throws(SystemError) in
                let open = try openFile(path, in: &files)
                if delivery.isRedelivery && open.knownIDs.contains(delivery.id.description) { return }
                try open.file.append(line)
                if options.fsync { try open.file.sync() }
                if options.maxBytes > 0 && open.file.size >= options.maxBytes { try rotate(path, in: &files) }
            }
        }
        switch result {
        case .success: completion(.delivered())
        case .failure(let error): completion(.failed(HandlerFailure("file \(path): \(error)")))
        }
    }

    private func openFile(_ path: String, in files: inout [String: OpenFile]) throws(SystemError) -> OpenFile {
        if let open = files[path] {
            if open.file.isStillAtPath { return open }
            open.file.close()  // moved or deleted from outside: start a new file at the path
            files[path] = nil
        }
        try FileSystem.createDirectories(FileSystem.parent(of: path), mode: 0o750)
        let knownIDs = Self.idsInTail(of: path)
        let open = OpenFile(file: try AppendOnlyFile(path: path, mode: options.mode), knownIDs: knownIDs)
        files[path] = open
        return open
    }

    /// Moves a full file aside as `<path>.<UTC timestamp>` (with `.N` added if that name is
    /// taken: two rotations can fall in one millisecond) and starts a new one.
    private func rotate(_ path: String, in files: inout [String: OpenFile]) throws(SystemError) {
        files[path]?.file.close()
        files[path] = nil
        let stamp = WallClock.iso8601(milliseconds: WallClock.nowMilliseconds()).filter { $0 != ":" && $0 != "-" }
        var target = path + "." + stamp
        var suffix = 1
        while FileSystem.exists(target) {
            target = path + "." + stamp + "." + String(suffix)
            suffix += 1
        }
        try FileSystem.rename(path, to: target)
    }

    /// `{"id":"…","receivedAt":"…","route":"…","kind":"…","kindRule":"…","body":<body>}` and a
    /// newline. The body is embedded as received, except that CR and LF become spaces: in valid
    /// JSON they can only be insignificant whitespace, and the record must stay on one line.
    static func line(for delivery: Delivery) -> [UInt8] {
        let body = delivery.body
        var line: [UInt8] = []
        line.reserveCapacity(body.count + delivery.route.utf8.count + 160)
        line += #"{"id":""#.utf8
        line += delivery.id.description.utf8
        line += #"","receivedAt":""#.utf8
        WallClock.appendISO8601(milliseconds: delivery.receivedAt, to: &line)
        line += #"","route":"#.utf8
        line += LogHandler.jsonString(delivery.route).utf8
        line += #","kind":""#.utf8
        line += delivery.kind.rawValue.utf8
        line += #"","kindRule":""#.utf8
        line += delivery.kindRule.utf8
        line += #"","body":"#.utf8
        let bodyStart = line.count
        line += body
        line.withUnsafeMutableBufferPointer { bytes in
            for index in bodyStart..<bytes.count where bytes[index] == 0x0A || bytes[index] == 0x0D { bytes[index] = 0x20 }
        }
        line += [UInt8(ascii: "}"), 0x0A]
        return line
    }

    /// The ids of the lines in the last 1 MiB of a file.
    static func idsInTail(of path: String) -> Set<String> {
        let tail = FileSystem.readTail(path, maxBytes: 1 << 20)
        let prefix = Array("{\"id\":\"".utf8)
        var ids = Set<String>()
        for line in tail.split(separator: 0x0A) where line.starts(with: prefix) {
            let start = line.startIndex + prefix.count
            guard line.count >= prefix.count + 16 else { continue }
            ids.insert(String(decoding: line[start..<(start + 16)], as: UTF8.self))
        }
        return ids
    }

    /// Closes every open file.
    public func close() {
        files.withLock { files in
            files.values.forEach { $0.file.close() }
            files = [:]
        }
    }
}
