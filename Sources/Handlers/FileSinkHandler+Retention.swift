import SystemIO

/// What one `sweep` did, for a log line.
public struct FileSinkSweep: Sendable, Equatable, CustomStringConvertible {
    /// Files deleted because their last write was older than the retention.
    public var deleted: [String] = []
    /// Files rotated so their lines can age (the names they were moved to).
    public var rotated: [String] = []
    /// Open files closed after going idle.
    public var closedIdle = 0
    /// What could not be done, one message each.
    public var failures: [String] = []

    public init() {}

    /// True when the sweep changed nothing.
    public var isEmpty: Bool { deleted.isEmpty && rotated.isEmpty && closedIdle == 0 && failures.isEmpty }

    public var description: String {
        var parts = ["deleted \(deleted.count) files", "rotated \(rotated.count)", "closed \(closedIdle) idle"]
        if !failures.isEmpty { parts.append("\(failures.count) failures: " + failures.joined(separator: "; ")) }
        return parts.joined(separator: ", ")
    }
}

extension FileSinkHandler {
    /// Retention and housekeeping, run from the receiver's maintenance (hourly is plenty):
    /// closes idle files and, with `retentionDays`,
    /// - deletes every file the sink wrote (current, dated and rotated alike) whose last write
    ///   is older than `retentionDays`;
    /// - rotates a current file whose first line was received more than `retentionDays` ago,
    ///   or a day ago if that is sooner, so a file that keeps being written still ages out.
    ///
    /// So a line is deleted between `retentionDays` and `retentionDays` + 1 day (plus the time
    /// between sweeps) after it was written. Deleted files leave the registry.
    public func sweep(now: Int64 = WallClock.nowMilliseconds()) -> FileSinkSweep {
        state.withLock { state in
            var report = FileSinkSweep()
            report.closedIdle = state.files.closeIdle(now: monotonicNanoseconds(), always: true)
            let registry: FileSinkRegistry
            do throws(SystemError) { registry = try self.registry(in: &state) } catch {
                report.failures.append("registry: \(error)")
                return report
            }
            if let days = options.retentionDays, days > 0 {
                applyRetention(days: days, now: now, registry: registry, in: &state, report: &report)
            }
            // Files gone (deleted here, or by an operator) leave the registry.
            let vanished = Set(state.registry!.entries.map(\.path).filter { !FileSystem.exists($0) })
            var updated = state.registry!
            do throws(SystemError) { try updated.forget(vanished) } catch { report.failures.append("registry: \(error)") }
            state.registry = updated
            return report
        }
    }

    private func applyRetention(days: Double, now: Int64, registry: FileSinkRegistry, in state: inout State, report: inout FileSinkSweep) {
        let maxAge = Int64(days * 86_400_000)
        let rotateAge = min(maxAge, 86_400_000)
        let current = Set(registry.entries.filter { $0.role == .current }.map(\.path))
        var directories = Set<String>()
        for file in registry.existingFiles() {
            guard let status = FileSystem.status(of: file) else { continue }
            if now - status.modifiedMilliseconds > maxAge {
                state.files.close(file)
                do throws(SystemError) {
                    try FileSystem.remove(file)
                    report.deleted.append(file)
                    directories.insert(FileSystem.parent(of: file))
                    state.firstLooks[file] = nil
                    state.knownIDs[file] = nil
                } catch {
                    report.failures.append("\(error)")
                }
            } else if current.contains(file), let first = Self.firstReceivedAt(in: file), now - first > rotateAge {
                do throws(SystemError) {
                    if let target = try rotate(file, in: &state) { report.rotated.append(target) }
                } catch {
                    report.failures.append("rotate \(file): \(error)")
                }
            }
        }
        // A leftover of a rewrite a crash interrupted (a rewrite of this sink holds the lock,
        // so none is running now).
        for entry in registry.entries {
            let temporary = LineFileRewriter.temporaryPath(for: entry.path)
            if FileSystem.exists(temporary) { try? FileSystem.remove(temporary) }
        }
        for directory in directories.sorted() {
            do throws(SystemError) { try FileSystem.syncDirectory(directory) } catch { report.failures.append("\(error)") }
        }
    }

    /// When the first line of `path` was received (its `receivedAt`), nil if it has none.
    static func firstReceivedAt(in path: String) -> Int64? {
        // `receivedAt` is a record's second member, within its first 60 bytes.
        let head = FileSystem.readRange(path, offset: 0, count: 256)
        let key = Array(#","receivedAt":""#.utf8)
        guard head.count > key.count,
            let start = (0...(head.count - key.count)).first(where: { head[$0..<($0 + key.count)].elementsEqual(key) })
        else { return nil }
        let value = head[(start + key.count)...].prefix { $0 != UInt8(ascii: "\"") }
        return WallClock.milliseconds(iso8601: value)
    }
}
