import Checksums

/// A record of an event index file: `u32 length, u32 CRC32C(payload), payload`, the payload a
/// type byte (1 an entry, 2 a change) and the fields. A torn or damaged tail ends the file.
enum IndexRecord: Sendable, Equatable {
    case entry(IndexEntry)
    case change(IndexChange)

    func framed() -> [UInt8] {
        var out = ByteWriter()
        out.u32(0)
        out.u32(0)
        switch self {
        case .entry(let entry):
            out.u8(1)
            out.u64(entry.id.rawValue)
            out.u64(UInt64(bitPattern: entry.receivedAt))
            out.u64(UInt64(entry.offset))
            out.shortString(entry.route)
            out.shortString(entry.kind)
            Self.optional(entry.learnerName, into: &out)
            Self.optional(entry.learnerEmail, into: &out)
            Self.optional(entry.title, into: &out)
            Self.optional(entry.score, into: &out)
            out.u16(entry.tokens.count)
            entry.tokens.forEach { out.u64($0) }
        case .change(let change):
            out.u8(2)
            out.u64(change.id.rawValue)
            Self.optional(change.handler, into: &out)
            out.shortString(change.what)
            out.u32(UInt32(clamping: change.attempt))
            out.u64(UInt64(bitPattern: change.at))
            out.u16(change.statusCode ?? 0)
            out.shortString(change.detail)
        }
        let length = out.bytes.count - 8
        let checksum = out.bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[8...])) }
        out.bytes.withUnsafeMutableBytes { header in
            header.storeBytes(of: UInt32(length).littleEndian, toByteOffset: 0, as: UInt32.self)
            header.storeBytes(of: checksum.littleEndian, toByteOffset: 4, as: UInt32.self)
        }
        return out.bytes
    }

    /// Every intact record of `bytes`, in order, each with where it starts; reading stops at
    /// the first torn or damaged one.
    static func decodeAll(_ bytes: [UInt8]) -> [(offset: Int, record: IndexRecord)] {
        var result: [(Int, IndexRecord)] = []
        var offset = 0
        while true {
            var header = ByteReader(bytes, from: offset)
            guard let length = header.u32().map(Int.init), let checksum = header.u32(), header.remaining >= length else { break }
            let start = header.offset, end = start + length
            let actual = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
            guard actual == checksum, let record = decode(ByteReader(bytes, from: start, to: end)) else { break }
            result.append((offset, record))
            offset = end
        }
        return result
    }

    /// Every intact record about an event `keep` accepts, in order: a record's event id is read
    /// first, so the others are passed over without being decoded (a search decodes the records
    /// of the few events it found, not of every event). Stops at the first torn or damaged one.
    static func decodeAll(_ bytes: [UInt8], keeping keep: (EventID) -> Bool) -> [IndexRecord] {
        var result: [IndexRecord] = []
        var offset = 0
        while true {
            var header = ByteReader(bytes, from: offset)
            guard let length = header.u32().map(Int.init), let checksum = header.u32(), header.remaining >= length else { break }
            let start = header.offset, end = start + length
            var peek = ByteReader(bytes, from: start, to: end)
            guard peek.u8() != nil, let id = peek.u64() else { break }
            if keep(EventID(rawValue: id)) {
                let actual = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
                guard actual == checksum, let record = decode(ByteReader(bytes, from: start, to: end)) else { break }
                result.append(record)
            }
            offset = end
        }
        return result
    }

    /// The ids of the entries with id `id` or carrying `token`, read without decoding their
    /// strings. The checksums are not verified here: the records of the ids found are decoded
    /// (and verified) by `decodeAll(_:keeping:)` afterwards.
    static func entryIDs(_ bytes: [UInt8], id wanted: EventID?, token: UInt64?) -> [EventID] {
        var found: [EventID] = []
        var offset = 0
        while true {
            var header = ByteReader(bytes, from: offset)
            guard let length = header.u32().map(Int.init), header.u32() != nil, header.remaining >= length else { break }
            let start = header.offset, end = start + length
            offset = end
            var reader = ByteReader(bytes, from: start, to: end)
            guard reader.u8() == 1, let id = reader.u64().map(EventID.init(rawValue:)) else { continue }
            if id == wanted {
                found.append(id)
                continue
            }
            guard let token, reader.skip(16), reader.skipShortString(), reader.skipShortString(),
                  skipOptional(&reader), skipOptional(&reader), skipOptional(&reader), skipOptional(&reader), let count = reader.u16()
            else { continue }
            for _ in 0..<count where reader.u64() == token {
                found.append(id)
                break
            }
        }
        return found
    }

    private static func skipOptional(_ reader: inout ByteReader) -> Bool {
        switch reader.u8() {
        case 0: return true
        case 1: return reader.skipShortString()
        default: return false
        }
    }

    private static func decode(_ reader: ByteReader) -> IndexRecord? {
        var reader = reader
        switch reader.u8() {
        case 1:
            guard let id = reader.u64(), let received = reader.u64(), let offset = reader.u64(), let route = reader.shortString(),
                  let kind = reader.shortString(), let name = optional(&reader), let email = optional(&reader),
                  let title = optional(&reader), let score = optional(&reader), let count = reader.u16()
            else { return nil }
            var tokens: [UInt64] = []
            for _ in 0..<count {
                guard let token = reader.u64() else { return nil }
                tokens.append(token)
            }
            return .entry(IndexEntry(
                id: EventID(rawValue: id), receivedAt: Int64(bitPattern: received), offset: Int(offset), route: route, kind: kind,
                learnerName: name.value, learnerEmail: email.value, title: title.value, score: score.value, tokens: tokens))
        case 2:
            guard let id = reader.u64(), let handler = optional(&reader), let what = reader.shortString(), let attempt = reader.u32(),
                  let at = reader.u64(), let code = reader.u16(), let detail = reader.shortString()
            else { return nil }
            return .change(IndexChange(
                id: EventID(rawValue: id), handler: handler.value, what: what, attempt: Int(attempt), at: Int64(bitPattern: at),
                statusCode: code == 0 ? nil : code, detail: detail))
        default:
            return nil
        }
    }

    /// An optional string: a presence byte, then the string.
    private static func optional(_ text: String?, into out: inout ByteWriter) {
        if let text {
            out.u8(1)
            out.shortString(text)
        } else {
            out.u8(0)
        }
    }

    /// A present-or-absent string; nil when the bytes are short (the box tells absence from failure).
    private static func optional(_ reader: inout ByteReader) -> Box? {
        switch reader.u8() {
        case 0: return Box(value: nil)
        case 1: return reader.shortString().map { Box(value: $0) }
        default: return nil
        }
    }

    private struct Box {
        let value: String?
    }
}
