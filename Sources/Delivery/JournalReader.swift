import SystemIO

/// Reads journal segments a piece at a time, record by record, in bounded memory: start-up,
/// `status` and replay stream the journal instead of reading it whole.
public struct JournalReader: Sendable {
    /// How a segment's reading ended.
    public enum End: Sendable, Equatable {
        /// Every record was read; `size` is where the segment ends.
        case complete(size: Int)
        /// The segment ends in a partial frame from `offset` (a write a crash interrupted,
        /// never acknowledged).
        case tornTail(offset: Int, bytes: Int)
        /// A whole frame is wrong at `offset`; the rest of the segment was skipped.
        case corrupt(offset: Int, reason: String)
    }

    public let directory: String
    /// Bytes read from disk at a time.
    static let chunkBytes = 1 << 20

    public init(directory: String) {
        self.directory = directory
    }

    /// The segments on disk, oldest first.
    public func segments() throws(SystemError) -> [JournalSegment] {
        guard FileSystem.isDirectory(directory) else { return [] }
        return try FileSystem.contents(of: directory).compactMap(JournalSegment.init(fileName:)).sorted()
    }

    public func path(of segment: JournalSegment) -> String { directory + "/" + segment.fileName }

    /// Reads the records of `segment` from `offset` on, calling `visit` with each and where it
    /// starts. Memory holds one chunk, or one record when a record is larger.
    public func scan(
        _ segment: JournalSegment, from offset: Int = 0, visit: (JournalPosition, JournalRecord) throws -> Void
    ) throws -> End {
        let file = try ReadOnlyFile(path: path(of: segment))
        defer { file.close() }
        let size = file.size
        var buffer: [UInt8] = []
        var bufferStart = offset  // file offset of buffer[0]
        var cursor = 0  // index into buffer of the next frame
        while bufferStart + cursor < size {
            // Make sure the whole next frame is in the buffer.
            var need = JournalRecord.frameHeaderBytes
            if buffer.count - cursor >= need, let length = JournalRecord.frameLength(buffer, at: cursor) { need = length }
            let left = size - bufferStart - cursor
            // A frame longer than what is left is a torn tail (or a damaged length): not read in.
            if need > left { return .tornTail(offset: bufferStart + cursor, bytes: left) }
            if buffer.count - cursor < need {
                if cursor > 0 {
                    buffer.removeFirst(cursor)
                    bufferStart += cursor
                    cursor = 0
                }
                let wanted = max(need - buffer.count, Self.chunkBytes)
                let read = try file.read(at: bufferStart + buffer.count, count: min(wanted, size - bufferStart - buffer.count), appendingTo: &buffer)
                if read == 0 || buffer.count < JournalRecord.frameHeaderBytes { break }
                continue
            }
            switch JournalRecord.decode(buffer, at: cursor) {
            case .record(let record, let next):
                try visit(JournalPosition(segment: segment, offset: bufferStart + cursor), record)
                cursor = next
            case .truncated:
                return .tornTail(offset: bufferStart + cursor, bytes: size - bufferStart - cursor)
            case .corrupt(let reason):
                return .corrupt(offset: bufferStart + cursor, reason: reason)
            }
        }
        let reached = bufferStart + cursor
        return reached >= size ? .complete(size: size) : .tornTail(offset: reached, bytes: size - reached)
    }

    /// Reads back the event recorded at `position` (a backlogged delivery's turn has come).
    public func event(at position: JournalPosition) throws(SystemError) -> EventRecord {
        let file = try ReadOnlyFile(path: path(of: position.segment))
        defer { file.close() }
        var frame: [UInt8] = []
        try file.read(at: position.offset, count: JournalRecord.frameHeaderBytes, appendingTo: &frame)
        guard let length = JournalRecord.frameLength(frame, at: 0) else { throw SystemError("read \(path(of: position.segment))", errno: 5) }
        try file.read(at: position.offset + frame.count, count: length - frame.count, appendingTo: &frame)
        switch JournalRecord.decode(frame, at: 0) {
        case .record(.event(let event), _), .record(.eventCopy(let event), _):
            return event
        default:
            throw SystemError("no intact event record at \(path(of: position.segment)):\(position.offset)", errno: 5)
        }
    }

    /// Cuts a torn tail off a segment (only the newest segment of a crashed run has one).
    public func repair(_ segment: JournalSegment, at offset: Int) throws(SystemError) {
        let file = try AppendOnlyFile(path: path(of: segment))
        defer { file.close() }
        try file.truncate(to: offset)
        try file.sync()
    }
}

extension JournalReader {
    /// The receipt time of the first event in the oldest of `segments` that holds one.
    public func oldestEventTime(_ segments: [JournalSegment]) -> Int64? {
        struct Found: Error { let time: Int64 }
        for segment in segments {
            do {
                _ = try scan(segment) { _, record in
                    if case .event(let event) = record { throw Found(time: event.receivedAt) }
                    if case .eventCopy(let event) = record { throw Found(time: event.receivedAt) }
                }
            } catch let found as Found {
                return found.time
            } catch {
                continue
            }
        }
        return nil
    }
}
