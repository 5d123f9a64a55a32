import Delivery
import SystemIO

extension FileSinkHandler {
    /// The registry, read from its directory at first use.
    func registry(in state: inout State) throws(SystemError) -> FileSinkRegistry {
        if let registry = state.registry { return registry }
        let registry = try FileSinkRegistry(directory: options.registryDirectory.map(FileSystem.absolutePath))
        state.registry = registry
        return registry
    }

    /// Records `path` in the registry (durably) before the sink first writes or renames to it.
    func register(_ path: String, as role: FileSinkRegistry.Role, in state: inout State) throws(SystemError) {
        var registry = try registry(in: &state)
        try registry.record(path, role: role)
        state.registry = registry
    }

    /// The open file at `path`, opening (and, if needed, creating) it. A file found to end in
    /// a torn line has it cut first, and `notes` says so.
    func openFile(_ path: String, in state: inout State, now: UInt64, notes: inout [String]) throws(SystemError) -> LineFile {
        if let file = state.files.file(at: path, now: now) { return file }
        try register(path, as: .current, in: &state)
        let directory = FileSystem.parent(of: path)
        try FileSystem.createDirectories(directory, mode: 0o700, sync: options.fsync)
        let file = try LineFile(path: path, mode: options.mode, failpoints: failpoints)
        do throws(SystemError) {
            if file.created {
                if options.fsync { try syncDirectory(directory) }
            } else {
                let cut = try file.withExclusiveLock { () throws(SystemError) -> Int in
                    let cut = try file.cutTornTail()
                    if cut > 0 && options.fsync { try file.sync() }
                    return cut
                }
                if cut > 0 {
                    notes.append("cut a torn line (\(cut) bytes without a newline) from the end of \(path)")
                    state.knownIDs[path] = nil  // computed from a window that held the fragment
                }
            }
        } catch {
            file.close()
            throw error
        }
        state.files.insert(file, now: now)
        return file
    }

    /// Moves `path` aside as `<path>.<UTC time>` (registered first) and forgets its open file,
    /// so the next line starts a new one. Returns the new name; nil when there is no file.
    @discardableResult
    func rotate(_ path: String, in state: inout State) throws(SystemError) -> String? {
        state.files.close(path)
        guard FileSystem.exists(path) else { return nil }
        let target = RotatedFileName.unusedName(for: path, milliseconds: WallClock.nowMilliseconds())
        try register(target, as: .rotated, in: &state)
        // Under the file's lock, so no other writer is half-way through a line when it moves.
        let file = try LineFile(path: path, mode: options.mode, failpoints: failpoints)
        defer { file.close() }
        let size = try file.withExclusiveLock { () throws(SystemError) -> Int in
            guard file.isStillAtPath else { return -1 }
            try failpoints.check(.rename(from: path, to: target))
            try FileSystem.rename(path, to: target)
            return file.size
        }
        guard size >= 0 else { return nil }
        noteRotation(of: path, to: target, size: size, in: &state)
        if options.fsync { try syncDirectory(FileSystem.parent(of: path)) }
        return target
    }

    func syncDirectory(_ directory: String) throws(SystemError) {
        try failpoints.check(.syncDirectory(path: directory))
        try FileSystem.syncDirectory(directory)
    }
}
