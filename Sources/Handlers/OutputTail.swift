/// The last `limit` bytes of a stream of unknown length (a child process's stdout or stderr),
/// and how many bytes went before them. Memory stays bounded however much the process writes.
struct OutputTail: Sendable, Equatable {
    /// Most bytes kept.
    let limit: Int
    /// Bytes kept, oldest first once `start` is taken into account (a ring buffer).
    private var storage: [UInt8] = []
    /// Index of the oldest byte in `storage` once it is full.
    private var start = 0
    /// Every byte ever appended.
    private(set) var totalBytes = 0

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    mutating func append<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        totalBytes += bytes.count
        var incoming = bytes[...]
        // Only the last `limit` bytes of a large chunk can survive.
        if incoming.count > limit { incoming = incoming.suffix(limit) }
        if storage.count < limit {
            let fill = incoming.prefix(limit - storage.count)
            storage.append(contentsOf: fill)
            incoming = incoming.dropFirst(fill.count)
        }
        // Full: overwrite the oldest bytes, in at most two runs (up to the end, then from 0).
        while !incoming.isEmpty {
            let run = incoming.prefix(limit - start)
            storage.replaceSubrange(start..<(start + run.count), with: run)
            start = (start + run.count) % limit
            incoming = incoming.dropFirst(run.count)
        }
    }

    /// The kept bytes, oldest first.
    var bytes: [UInt8] {
        Array(storage[start...] + storage[..<start])
    }

    /// Bytes that were dropped to stay within `limit`.
    var droppedBytes: Int { totalBytes - storage.count }

    /// The kept bytes as text (invalid UTF-8 replaced, a character cut at the front dropped),
    /// with trailing whitespace removed and a note when earlier output was dropped.
    var text: String {
        var kept = bytes[...]
        if droppedBytes > 0 {
            // Skip UTF-8 continuation bytes of a character whose first byte was dropped.
            while let first = kept.first, first & 0xC0 == 0x80 { kept = kept.dropFirst() }
        }
        var text = String(decoding: kept, as: UTF8.self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return droppedBytes > 0 ? "[\(droppedBytes) earlier bytes omitted] " + text : text
    }

    /// The last `count` characters of `text` at most (for a one-line failure message).
    func suffix(characters count: Int) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        guard text.count > count else { return text }
        return "…" + text.suffix(count)
    }
}
