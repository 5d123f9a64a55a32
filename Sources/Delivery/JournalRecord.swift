import Checksums

/// One entry of the journal. On disk: `u32 length, u32 CRC32C(payload), payload`, where the
/// payload starts with a type byte. The checksum finds torn or corrupted tails after a crash.
public enum JournalRecord: Sendable, Equatable {
    case event(EventRecord)
    case ack(AckRecord)

    static let frameHeaderBytes = 8

    /// The framed bytes of this record.
    func framed() -> [UInt8] {
        var payload = ByteWriter()
        switch self {
        case .event(let event):
            payload.u8(1)
            payload.u64(event.id.rawValue)
            payload.u64(UInt64(bitPattern: event.receivedAt))
            payload.shortString(event.route)
            payload.shortString(event.kind)
            payload.u16(event.handlers.count)
            event.handlers.forEach { payload.shortString($0) }
            payload.shortString(event.requestID)
            payload.shortString(event.contentType)
            payload.blob(event.body)
        case .ack(let ack):
            payload.u8(2)
            payload.u64(ack.id.rawValue)
            payload.u8(ack.outcome.rawValue)
            payload.shortString(ack.handler)
        }
        var frame = ByteWriter()
        frame.u32(UInt32(payload.bytes.count))
        frame.u32(CRC32C.checksum(payload.bytes))
        frame.bytes.append(contentsOf: payload.bytes)
        return frame.bytes
    }

    /// What reading one frame at an offset found.
    enum Decoded {
        case record(JournalRecord, next: Int)
        /// Fewer bytes than a whole frame: a write that a crash cut short.
        case truncated
        /// A whole frame whose checksum or contents are wrong.
        case corrupt(String)
    }

    static func decode(_ bytes: [UInt8], at offset: Int) -> Decoded {
        var header = ByteReader(bytes, from: offset)
        guard let length = header.u32().map(Int.init), let checksum = header.u32() else { return .truncated }
        guard header.remaining >= length else { return .truncated }
        let payloadStart = header.offset
        let payloadEnd = payloadStart + length
        let actual = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[payloadStart..<payloadEnd])) }
        guard actual == checksum else { return .corrupt("checksum mismatch at byte \(offset)") }
        var reader = ByteReader(bytes, from: payloadStart, to: payloadEnd)
        switch reader.u8() {
        case 1:
            guard let id = reader.u64(), let received = reader.u64(), let route = reader.shortString(),
                  let kind = reader.shortString(), let handlerCount = reader.u16()
            else { return .corrupt("short event record at byte \(offset)") }
            var handlers: [String] = []
            for _ in 0..<handlerCount {
                guard let name = reader.shortString() else { return .corrupt("short handler list at byte \(offset)") }
                handlers.append(name)
            }
            guard let requestID = reader.shortString(), let contentType = reader.shortString(), let body = reader.blob() else {
                return .corrupt("short event record at byte \(offset)")
            }
            let event = EventRecord(
                id: EventID(rawValue: id), receivedAt: Int64(bitPattern: received), route: route, kind: kind,
                handlers: handlers, requestID: requestID, contentType: contentType, body: body)
            return .record(.event(event), next: payloadEnd)
        case 2:
            guard let id = reader.u64(), let raw = reader.u8(), let outcome = AckRecord.Outcome(rawValue: raw),
                  let handler = reader.shortString()
            else { return .corrupt("bad ack record at byte \(offset)") }
            return .record(.ack(AckRecord(id: EventID(rawValue: id), handler: handler, outcome: outcome)), next: payloadEnd)
        default:
            return .corrupt("unknown record type at byte \(offset)")
        }
    }
}
