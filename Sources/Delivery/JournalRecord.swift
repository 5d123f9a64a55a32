import Checksums

/// One entry of the journal. On disk: `u32 length, u32 CRC32C(payload), payload`, where the
/// payload starts with a type byte. The checksum finds torn or corrupted tails after a crash.
///
/// Types: 1 an event as received; 3 a change of its delivery state; 4 a copy of an event moved
/// forward from a segment about to be deleted (its state follows as transitions); 5 a probe
/// with no content (written to learn whether the disk takes writes again). Type 2, the
/// handler acknowledgement of earlier versions, is still read, as the transition it meant.
public enum JournalRecord: Sendable, Equatable {
    case event(EventRecord)
    case transition(Transition)
    case eventCopy(EventRecord)
    case probe

    static let frameHeaderBytes = 8

    /// The framed bytes of this record, built in one buffer: the header's length and checksum
    /// are filled in once the payload is written behind them (no second copy of the body).
    func framed() -> [UInt8] {
        var frame = ByteWriter()
        frame.u32(0)
        frame.u32(0)
        encodePayload(into: &frame)
        let payloadLength = frame.bytes.count - Self.frameHeaderBytes
        let checksum = frame.bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[Self.frameHeaderBytes...])) }
        frame.bytes.withUnsafeMutableBytes { header in
            header.storeBytes(of: UInt32(payloadLength).littleEndian, toByteOffset: 0, as: UInt32.self)
            header.storeBytes(of: checksum.littleEndian, toByteOffset: 4, as: UInt32.self)
        }
        return frame.bytes
    }

    private func encodePayload(into frame: inout ByteWriter) {
        switch self {
        case .event(let event):
            frame.bytes.reserveCapacity(event.body.count + 256)
            frame.u8(1)
            event.encode(into: &frame)
        case .eventCopy(let event):
            frame.bytes.reserveCapacity(event.body.count + 256)
            frame.u8(4)
            event.encode(into: &frame)
        case .transition(let transition):
            frame.u8(3)
            transition.encode(into: &frame)
        case .probe:
            frame.u8(5)
        }
    }

    /// What reading one frame at an offset found.
    enum Decoded {
        case record(JournalRecord, next: Int)
        /// Fewer bytes than a whole frame: a write that a crash cut short.
        case truncated
        /// A whole frame whose checksum or contents are wrong.
        case corrupt(String)
    }

    /// The payload length a frame header announces, nil when fewer than 8 bytes are there.
    static func frameLength(_ bytes: [UInt8], at offset: Int) -> Int? {
        var header = ByteReader(bytes, from: offset)
        return header.u32().map { Int($0) + frameHeaderBytes }
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
        let record: JournalRecord?
        switch reader.u8() {
        case 1: record = EventRecord(decoding: &reader).map(JournalRecord.event)
        case 2: record = Self.legacyAcknowledgement(&reader).map(JournalRecord.transition)
        case 3: record = Transition(decoding: &reader).map(JournalRecord.transition)
        case 4: record = EventRecord(decoding: &reader).map(JournalRecord.eventCopy)
        case 5: record = .probe
        default: return .corrupt("unknown record type at byte \(offset)")
        }
        guard let record else { return .corrupt("short or malformed record at byte \(offset)") }
        return .record(record, next: payloadEnd)
    }

    /// An acknowledgement as earlier versions wrote it (id, outcome, handler or `*`), read as
    /// the change it stood for. It carries no sequence: 0 applies over nothing newer.
    private static func legacyAcknowledgement(_ reader: inout ByteReader) -> Transition? {
        guard let id = reader.u64(), let outcome = reader.u8(), let handler = reader.shortString() else { return nil }
        let change: Transition.Change
        switch outcome {
        case 1: change = .delivered(attempt: 0, detail: "")
        case 2: change = .filteredOut
        case 3: change = .dead(attempt: 0, reason: "given up (recorded by an earlier version)", statusCode: nil)
        case 4: change = .quarantined(reason: "did not fit its model (recorded by an earlier version)")
        default: return nil
        }
        return Transition(id: EventID(rawValue: id), handler: handler == "*" ? nil : handler, sequence: 0, at: 0, change: change)
    }
}

extension EventRecord {
    func encode(into frame: inout ByteWriter) {
        frame.u64(id.rawValue)
        frame.u64(UInt64(bitPattern: receivedAt))
        frame.shortString(route)
        frame.shortString(kind)
        frame.u16(handlers.count)
        handlers.forEach { frame.shortString($0) }
        frame.shortString(requestID)
        frame.shortString(contentType)
        frame.blob(body)
    }

    init?(decoding reader: inout ByteReader) {
        guard let id = reader.u64(), let received = reader.u64(), let route = reader.shortString(),
              let kind = reader.shortString(), let handlerCount = reader.u16()
        else { return nil }
        var handlers: [String] = []
        for _ in 0..<handlerCount {
            guard let name = reader.shortString() else { return nil }
            handlers.append(name)
        }
        guard let requestID = reader.shortString(), let contentType = reader.shortString(), let body = reader.blob() else { return nil }
        self.init(
            id: EventID(rawValue: id), receivedAt: Int64(bitPattern: received), route: route, kind: kind,
            handlers: handlers, requestID: requestID, contentType: contentType, body: body)
    }
}

extension Transition {
    /// Codes of the changes on disk; never reuse one.
    private enum Code: UInt8 {
        case pending = 1, retrying, delivered, filteredOut, dead, resolved, expired, restated
        case quarantined = 20, released, duplicate
    }

    /// Longest message kept with a change (errors quote response bodies and stderr).
    static let detailLimit = 2048

    func encode(into frame: inout ByteWriter) {
        var code: Code
        var attempt = 0, nextAt: Int64 = 0, statusCode = 0, detail = ""
        switch change {
        case .pending(let note): (code, detail) = (.pending, note)
        case .retrying(let a, let next, let error, let status): (code, attempt, nextAt, detail, statusCode) = (.retrying, a, next, error, status ?? 0)
        case .delivered(let a, let text): (code, attempt, detail) = (.delivered, a, text)
        case .filteredOut: code = .filteredOut
        case .dead(let a, let reason, let status): (code, attempt, detail, statusCode) = (.dead, a, reason, status ?? 0)
        case .resolved(let note): (code, detail) = (.resolved, note)
        case .expired: code = .expired
        case .restated(let whole):
            (code, attempt, nextAt, detail, statusCode) = (.restated, whole.attempts, whole.nextAt ?? -1, whole.lastError ?? "", whole.lastStatusCode ?? 0)
        case .quarantined(let reason): (code, detail) = (.quarantined, reason)
        case .released(let note): (code, detail) = (.released, note)
        case .duplicate(let original): (code, nextAt) = (.duplicate, Int64(bitPattern: original.rawValue))
        }
        frame.u64(id.rawValue)
        frame.u64(sequence)
        frame.u64(UInt64(bitPattern: at))
        frame.u8(code.rawValue)
        frame.shortString(handler ?? "")
        frame.u32(UInt32(clamping: attempt))
        frame.u64(UInt64(bitPattern: nextAt))
        frame.u16(min(statusCode, 65535))
        frame.shortString(String(decoding: detail.utf8.prefix(Self.detailLimit), as: UTF8.self))
        if case .restated(let whole) = change {
            frame.u8(whole.status.rawValue)
            frame.u32(UInt32(clamping: whole.budgetAttempts))
            frame.u64(UInt64(bitPattern: whole.budgetSince))
        }
    }

    init?(decoding reader: inout ByteReader) {
        guard let id = reader.u64(), let sequence = reader.u64(), let at = reader.u64(), let raw = reader.u8(),
              let code = Code(rawValue: raw), let handler = reader.shortString(), let attemptRaw = reader.u32(),
              let nextRaw = reader.u64(), let statusRaw = reader.u16(), let detail = reader.shortString()
        else { return nil }
        let attempt = Int(attemptRaw), nextAt = Int64(bitPattern: nextRaw), status = statusRaw == 0 ? nil : statusRaw
        let change: Change
        switch code {
        case .pending: change = .pending(note: detail)
        case .retrying: change = .retrying(attempt: attempt, nextAt: nextAt, error: detail, statusCode: status)
        case .delivered: change = .delivered(attempt: attempt, detail: detail)
        case .filteredOut: change = .filteredOut
        case .dead: change = .dead(attempt: attempt, reason: detail, statusCode: status)
        case .resolved: change = .resolved(note: detail)
        case .expired: change = .expired
        case .restated:
            guard let raw = reader.u8(), let state = DeliveryStatus(rawValue: raw), let budgetAttempts = reader.u32(),
                  let budgetSince = reader.u64()
            else { return nil }
            var whole = HandlerProgress(handler: handler, receivedAt: Int64(bitPattern: budgetSince))
            whole.status = state
            whole.attempts = attempt
            whole.nextAt = nextAt < 0 ? nil : nextAt
            whole.lastError = detail.isEmpty ? nil : detail
            whole.lastStatusCode = status
            whole.budgetAttempts = Int(budgetAttempts)
            change = .restated(whole)
        case .quarantined: change = .quarantined(reason: detail)
        case .released: change = .released(note: detail)
        case .duplicate: change = .duplicate(of: EventID(rawValue: nextRaw))
        }
        self.init(id: EventID(rawValue: id), handler: handler.isEmpty ? nil : handler, sequence: sequence, at: Int64(bitPattern: at), change: change)
    }
}
