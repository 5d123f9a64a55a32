import SystemIO

/// What opening a journal found on disk.
public struct JournalRecovery: Sendable {
    /// Every intact record, oldest first, with where it is.
    public var records: [(position: JournalPosition, record: JournalRecord)] = []
    /// The segments found, oldest first.
    public var segments: [JournalSegment] = []
    /// Problems found and repaired or skipped (torn tails, corrupt frames), for the log.
    public var warnings: [String] = []
    /// The largest event id seen.
    public var lastEventID: EventID?
}

extension Journal {
    /// Opens the journal in `directory`: reads every segment, cuts a torn tail (a write a crash
    /// interrupted, so never acknowledged), and starts a new segment for new records.
    public static func open(directory: String, segmentBytes: Int = 64 << 20) throws(SystemError) -> (Journal, JournalRecovery) {
        try FileSystem.createDirectories(directory, mode: 0o700)
        let recovery = try scan(directory: directory, repair: true)
        let onDisk = recovery.segments.compactMap { FileSystem.size(of: directory + "/" + $0.fileName) }.reduce(0, +)
        let journal = try Journal(
            directory: directory, segmentBytes: segmentBytes, lastSegment: recovery.segments.last, lastEventID: recovery.lastEventID,
            bytesOnDisk: onDisk)
        return (journal, recovery)
    }

    /// Reads every intact record. With `repair`, a torn tail is cut off the file; without it
    /// (`status` and `replay` reading a live journal) nothing is changed.
    public static func scan(directory: String, repair: Bool = false) throws(SystemError) -> JournalRecovery {
        var recovery = JournalRecovery()
        guard FileSystem.isDirectory(directory) else { return recovery }
        recovery.segments = try FileSystem.contents(of: directory).compactMap { JournalSegment(fileName: $0) }.sorted()
        for segment in recovery.segments {
            let path = directory + "/" + segment.fileName
            let bytes = try FileSystem.readFile(path)
            var offset = 0
            scan: while offset < bytes.count {
                switch JournalRecord.decode(bytes, at: offset) {
                case .record(let record, let next):
                    recovery.records.append((JournalPosition(segment: segment, offset: offset), record))
                    if case .event(let event) = record, event.id > (recovery.lastEventID ?? EventID(rawValue: 0)) {
                        recovery.lastEventID = event.id
                    }
                    offset = next
                case .truncated:
                    recovery.warnings.append("\(segment.fileName): torn tail of \(bytes.count - offset) bytes at byte \(offset)")
                    if repair {
                        let file = try AppendOnlyFile(path: path)
                        try file.truncate(to: offset)
                        try file.sync()
                        file.close()
                    }
                    break scan
                case .corrupt(let reason):
                    recovery.warnings.append("\(segment.fileName): \(reason); the rest of this segment is skipped")
                    break scan
                }
            }
        }
        return recovery
    }
}
