#if canImport(Glibc)
import Glibc
#endif

/// Rewrites a file of lines without some of them, atomically: the kept lines go to a
/// temporary file in the same directory (with the original's mode and owner), which is
/// fsync'd and renamed over the original, and then the directory is fsync'd. A crash at any
/// point leaves either the old file or the new one under the path, whole.
///
/// The file is read in chunks, so memory stays bounded by the longest line, whatever the
/// file's size. The original is held under an exclusive `flock` throughout, so a `LineFile`
/// writer waits, then sees the path name a new file and reopens it.
public enum LineFileRewriter {
    /// How many lines were kept and removed.
    public struct Counts: Sendable, Equatable {
        public var kept: Int
        public var removed: Int

        public init(kept: Int = 0, removed: Int = 0) {
            self.kept = kept
            self.removed = removed
        }
    }

    /// The temporary file a rewrite of `path` writes (left behind only by a crash, and then
    /// replaced by the next rewrite).
    public static func temporaryPath(for path: String) -> String { path + ".rewrite-tmp" }

    /// Keeps the lines (without their newline) for which `keepLine` is true. An unterminated
    /// last line (a torn record) is always removed. When nothing is removed the file is left
    /// as it is. A missing file counts as empty.
    public static func rewrite(
        _ path: String, failpoints: FileFailpoints = .none, keepLine: ([UInt8]) -> Bool
    ) throws(SystemError) -> Counts {
        let source = open(path, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else {
            if errno == ENOENT { return Counts() }
            throw SystemError("open \(path)")
        }
        defer { Descriptor.close(source) }  // also releases the lock
        while flock(source, LOCK_EX) != 0 {
            if errno != EINTR { throw SystemError("flock \(path)") }
        }
        var info = stat()
        guard fstat(source, &info) == 0 else { throw SystemError("fstat \(path)") }

        let temporary = temporaryPath(for: path)
        let target = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard target >= 0 else { throw SystemError("open \(temporary)") }
        var renamed = false
        do throws(SystemError) {
            defer { Descriptor.close(target) }
            fchmod(target, info.st_mode & 0o7777)
            _ = fchown(target, info.st_uid, info.st_gid)  // only root can give files away; harmless otherwise
            let counts = try copyKeptLines(from: source, path: path, to: target, temporary: temporary, failpoints: failpoints, keepLine: keepLine)
            guard counts.removed > 0 else {
                try FileSystem.remove(temporary)
                return counts
            }
            try failpoints.check(.sync(path: temporary))
            guard fsync(target) == 0 else { throw SystemError("fsync \(temporary)") }
            try failpoints.check(.rename(from: temporary, to: path))
            try FileSystem.rename(temporary, to: path)
            renamed = true
            let directory = FileSystem.parent(of: path)
            try failpoints.check(.syncDirectory(path: directory))
            try FileSystem.syncDirectory(directory)
            return counts
        } catch {
            if !renamed && !FileFailpoints.isCrash(error) { try? FileSystem.remove(temporary) }
            throw error
        }
    }

    private static func copyKeptLines(
        from source: Int32, path: String, to target: Int32, temporary: String, failpoints: FileFailpoints,
        keepLine: ([UInt8]) -> Bool
    ) throws(SystemError) -> Counts {
        var counts = Counts()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var pending: [UInt8] = []  // the start of a line that runs past the chunk read so far
        var output: [UInt8] = []
        output.reserveCapacity(1 << 20)
        func flush() throws(SystemError) {
            guard !output.isEmpty else { return }
            try failpoints.check(.write(path: temporary, bytes: output.count))
            let result = output.withUnsafeBytes { raw in Result { () throws(SystemError) in try Descriptor.writeAll(target, raw, operation: "write \(temporary)") } }
            try result.get()
            output.removeAll(keepingCapacity: true)
        }
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(source, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError("read \(path)")
            }
            if n == 0 { break }
            var lineStart = 0
            while let newline = chunk[lineStart..<n].firstIndex(of: 0x0A) {
                let line: [UInt8]
                if pending.isEmpty {
                    line = Array(chunk[lineStart..<newline])
                } else {
                    pending += chunk[lineStart..<newline]
                    line = pending
                    pending.removeAll(keepingCapacity: false)
                }
                if keepLine(line) {
                    counts.kept += 1
                    output += line
                    output.append(0x0A)
                    if output.count >= 1 << 20 { try flush() }
                } else {
                    counts.removed += 1
                }
                lineStart = newline + 1
            }
            pending += chunk[lineStart..<n]
        }
        if !pending.isEmpty { counts.removed += 1 }  // a torn last line
        try flush()
        return counts
    }
}
