import SystemIO

extension FileSinkHandler {
    /// Every file this sink has written that exists now (current, dated and rotated files,
    /// from earlier configurations too when the registry is kept on disk), sorted.
    public func files() throws(SystemError) -> [String] {
        try state.withLock { state throws(SystemError) -> [String] in
            try registry(in: &state).existingFiles()
        }
    }

    /// Rewrites `path` (one of `files()`) keeping only the lines for which `keepLine` is true,
    /// atomically: a crash leaves the old file or the new one, whole (`LineFileRewriter`).
    /// The sink's open file at that path is closed first, and deliveries wait until the
    /// rewrite is done; the next line goes to the new file. `keepLine` gets each line without
    /// its newline and must not call back into this sink.
    public func rewrite(path: String, keepLine: ([UInt8]) -> Bool) throws(SystemError) -> (kept: Int, removed: Int) {
        let path = FileSystem.absolutePath(path)
        let counts = try state.withLock { state throws(SystemError) -> LineFileRewriter.Counts in
            state.files.close(path)
            state.knownIDs[path] = nil
            return try LineFileRewriter.rewrite(path, failpoints: failpoints, keepLine: keepLine)
        }
        return (counts.kept, counts.removed)
    }
}
