import JSONSyntax
import SynapEvents
import SystemIO

/// One record of the audit log, as read back.
struct AuditEntry: Sendable {
    /// Where its line starts in the file: pass it as `before`/`from` to page.
    let offset: Int
    /// Milliseconds since the epoch.
    let at: Int64
    let who: String
    let via: String?
    let action: String
    /// Identifiers come back as `.keyedHash`.
    let selection: AuditSelection
    let count: Int?
    let outcome: String?
    let client: String?
    let requestID: String?

    init?(line: ArraySlice<UInt8>, offset: Int) {
        guard let json = try? JSONValue(parsing: Array(line)), let who = json["who"]?.stringValue, let action = json["action"]?.stringValue,
              let time = json["at"]?.stringValue, let date = SynapTimestamp(time).date else { return nil }
        self.offset = offset
        at = Int64((date.timeIntervalSince1970 * 1000).rounded())
        self.who = who
        self.action = action
        via = json["via"]?.stringValue
        if case .object(let members)? = json["selection"] {
            selection = AuditSelection(members.compactMap { name, value in AuditValue(json: value).map { (name: name, value: $0) } })
        } else {
            selection = AuditSelection()
        }
        count = json["count"]?.doubleValue.map { Int($0) }
        outcome = json["outcome"]?.stringValue
        client = json["client"]?.stringValue
        requestID = json["requestId"]?.stringValue
    }
}

/// Streams the audit log a chunk at a time, so a long log is never read whole: oldest first by
/// iterating, newest first with `newest(limit:before:)` (the console's /audit page). Lines that
/// do not parse (a write torn by a crash) are skipped.
struct AuditLogReader: Sequence {
    let path: String
    /// Byte offset of the first record to read.
    let start: Int
    static let chunkBytes = 64 * 1024

    init(path: String, from start: Int = 0) {
        self.path = path
        self.start = start
    }

    struct Iterator: IteratorProtocol {
        let path: String
        var position: Int
        var pending: [AuditEntry] = []
        var carry: [UInt8] = []
        var carryOffset: Int

        mutating func next() -> AuditEntry? {
            while pending.isEmpty {
                let chunk = FileSystem.readRange(path, offset: position, count: AuditLogReader.chunkBytes)
                if chunk.isEmpty { return nil }
                position += chunk.count
                let bytes = carry + chunk
                guard let lastNewline = bytes.lastIndex(of: 0x0A) else {
                    carry = bytes
                    continue
                }
                var lineStart = 0
                for index in 0...lastNewline where bytes[index] == 0x0A {
                    if let entry = AuditEntry(line: bytes[lineStart..<index], offset: carryOffset + lineStart) { pending.append(entry) }
                    lineStart = index + 1
                }
                carry = Array(bytes[(lastNewline + 1)...])
                carryOffset += lastNewline + 1
            }
            return pending.removeFirst()
        }
    }

    func makeIterator() -> Iterator { Iterator(path: path, position: start, carryOffset: start) }

    /// Up to `limit` records, newest first, all starting before byte `before` (default: the end).
    /// A last line without its newline (a write in progress) is not a record yet.
    func newest(limit: Int, before: Int? = nil) -> [AuditEntry] {
        let size = FileSystem.size(of: path) ?? 0
        var end = Swift.min(before ?? size, size)
        var carry: [UInt8] = []  // the bytes from `end` to the first newline after it: the rest of a line begun earlier
        var result: [AuditEntry] = []
        while end > 0 && result.count < limit {
            let chunkStart = Swift.max(0, end - Self.chunkBytes)
            let bytes = FileSystem.readRange(path, offset: chunkStart, count: end - chunkStart) + carry
            let newlines = bytes.indices.filter { bytes[$0] == 0x0A }
            for index in newlines.indices.reversed() {
                // The first line in the buffer is whole only when the buffer starts the file.
                guard index > 0 || chunkStart == 0 else { break }
                let lineStart = index > 0 ? newlines[index - 1] + 1 : 0
                if let entry = AuditEntry(line: bytes[lineStart..<newlines[index]], offset: chunkStart + lineStart) {
                    result.append(entry)
                    if result.count == limit { return result }
                }
            }
            carry = newlines.first.map { Array(bytes[...$0]) } ?? bytes
            end = chunkStart
        }
        return result
    }
}
