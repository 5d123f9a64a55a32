import Checksums
import JSONSyntax
import Synchronization
import SystemIO

/// The admin audit log: one JSON line per admin action (who, what, which selection, how many,
/// when, and failed logins), appended to `dataDir/audit.jsonl` (mode 0600) and fsync'd before
/// `record` returns. Learners' identifiers in a selection are written as keyed hashes (see
/// `AuditValue.identifier`), so erasing a learner leaves nothing of them here in clear.
///
///     {"at":"2026-11-23T10:00:00.000Z","who":"ada","via":"session","action":"replay",
///      "selection":{"source":"dead-letters","q":{"keyedHash":"9f2c…"}},"count":3,"outcome":"200","client":"127.0.0.1"}
final class AuditLog: Sendable {
    /// The file's path.
    let path: String
    /// The keyed hash that identifiers in selections are written as.
    let identifiers: KeyedIdentifierHash
    private let file: Mutex<AppendOnlyFile?>

    /// The audit log of a data directory, with the directory's identifier key (created on first use).
    static func open(dataDirectory: String) throws(SystemError) -> AuditLog {
        try AuditLog(path: dataDirectory + "/audit.jsonl", identifiers: KeyedIdentifierHash.loadOrCreate(dataDirectory: dataDirectory))
    }

    /// Opens (creating if missing) the log at `path`, mode 0600 whatever the umask or its old mode.
    init(path: String, identifiers: KeyedIdentifierHash) throws(SystemError) {
        self.path = path
        self.identifiers = identifiers
        try FileSystem.createDirectories(FileSystem.parent(of: path), mode: 0o700)
        let opened = try AppendOnlyFile(path: path, mode: 0o600)
        try FileSystem.setMode(path, 0o600)
        file = Mutex(opened)
    }

    /// Appends one record durably. `who` is the administrator (`ada`, `token:deploy-bot`);
    /// `action` what they did (`replay`, `login`, `login.failed`); `selection` what it was
    /// about; `count` how many events it touched; `outcome` the HTTP status or a word.
    func record(
        who: String, action: String, selection: AuditSelection = AuditSelection(), count: Int? = nil,
        at: Int64 = WallClock.nowMilliseconds(), outcome: String? = nil, via: String? = nil, client: String? = nil,
        requestID: String? = nil
    ) throws(SystemError) {
        let line = Array(Self.line(
            who: who, action: action, selection: selection, count: count, at: at, outcome: outcome, via: via, client: client,
            requestID: requestID, identifiers: identifiers).utf8)
        let result = file.withLock { file -> Result<Void, SystemError> in
            guard let file else { return .failure(SystemError("write \(path)", errno: 9)) }
            return Result { () throws(SystemError) in
                try file.append(line)
                try file.sync()
            }
        }
        try result.get()
    }

    /// One record as its JSON line, newline included.
    static func line(
        who: String, action: String, selection: AuditSelection, count: Int?, at: Int64, outcome: String?, via: String?, client: String?,
        requestID: String?, identifiers: KeyedIdentifierHash
    ) -> String {
        var members: [(String, JSONValue)] = [("at", .string(WallClock.iso8601(milliseconds: at))), ("who", .string(who))]
        if let via { members.append(("via", .string(via))) }
        members.append(("action", .string(action)))
        if !selection.isEmpty {
            members.append(("selection", .object(selection.fields.map { ($0.name, $0.value.json(hashing: identifiers)) })))
        }
        if let count { members.append(("count", .number(String(count)))) }
        if let outcome { members.append(("outcome", .string(outcome))) }
        if let client { members.append(("client", .string(client))) }
        if let requestID { members.append(("requestId", .string(requestID))) }
        return JSONValue.object(members).serialized() + "\n"
    }

    /// The records, oldest first, read as they are iterated (see `AuditLogReader`).
    func entries(from offset: Int = 0) -> AuditLogReader { AuditLogReader(path: path, from: offset) }

    /// Closes the file; later records fail.
    func close() {
        file.withLock { file in
            file?.close()
            file = nil
        }
    }
}
