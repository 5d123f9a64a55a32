import Delivery
import Checksums
import Foundation
import SystemIO
import Testing
@testable import Receiver

@Suite struct AuditLogTests {
    @Test func recordsAreJSONLinesWithIdentifiersHashedNeverInClear() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.path + "/data"
        let log = try AuditLog.open(dataDirectory: data)
        defer { log.close() }
        try log.record(
            who: "ada", action: "search", selection: ["q": .identifier("Grace.Hopper@Example.edu"), "kind": "attempt.completed", "ids": .list(["01a2", "01a3"])],
            count: 7, at: 1_795_000_000_000, outcome: "200", via: "session", client: "127.0.0.1", requestID: "r1")
        try log.record(who: "token:deploy", action: "replay", selection: AuditSelection(ReplayRequest(source: .deadLetters, handler: "lms")), count: 0)
        let text = try #require(directory.read("data/audit.jsonl"))
        #expect(!text.lowercased().contains("grace"))
        #expect(!text.contains("hopper"))
        let key = try FileSystem.readFile(KeyedIdentifierHash.keyPath(dataDirectory: data))
        let expected = KeyedIdentifierHash(key: key).hash("grace.hopper@example.edu")
        #expect(text.contains(expected))
        let entries = Array(log.entries())
        #expect(entries.count == 2)
        #expect(entries[0].who == "ada")
        #expect(entries[0].action == "search")
        #expect(entries[0].at == 1_795_000_000_000)
        #expect(entries[0].count == 7)
        #expect(entries[0].via == "session")
        #expect(entries[0].client == "127.0.0.1")
        #expect(entries[0].selection == ["q": .keyedHash(expected), "kind": "attempt.completed", "ids": .list(["01a2", "01a3"])])
        #expect(entries[1].selection["source"] == "dead-letters")
        #expect(entries[1].selection["handler"] == "lms")
        #expect(entries[1].count == 0)
    }

    @Test func theLogAndTheKeyAreOwnerOnlyEvenWhenTheyExistedWithLooserModes() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.path + "/data"
        try FileManager.default.createDirectory(atPath: data + "/keys", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        _ = FileManager.default.createFile(atPath: data + "/audit.jsonl", contents: nil, attributes: [.posixPermissions: 0o644])
        let log = try AuditLog.open(dataDirectory: data)
        log.close()
        #expect(FileSystem.mode(of: data + "/audit.jsonl") == 0o600)
        #expect(FileSystem.mode(of: data + "/keys") == 0o700)
        let keyPath = KeyedIdentifierHash.keyPath(dataDirectory: data)
        #expect(FileSystem.mode(of: keyPath) == 0o600)
        #expect(FileSystem.size(of: keyPath) == 32)
        // The key is made once: opening again uses the same one.
        let first = try FileSystem.readFile(keyPath)
        try FileSystem.setMode(keyPath, 0o644)
        let again = try KeyedIdentifierHash.loadOrCreate(dataDirectory: data)
        #expect(again.hash("x") == KeyedIdentifierHash(key: first).hash("x"))
        #expect(FileSystem.mode(of: keyPath) == 0o600)
    }

    @Test func aShortKeyFileIsRefused() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.path + "/data"
        try FileManager.default.createDirectory(atPath: data + "/keys", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: KeyedIdentifierHash.keyPath(dataDirectory: data), contents: Data("short".utf8))
        #expect(throws: SystemError.self) { try KeyedIdentifierHash.loadOrCreate(dataDirectory: data) }
    }

    /// Thousands of records across many 64 KB chunks: read forward, and newest-first in pages,
    /// each record exactly once, a torn last line skipped.
    @Test func theReaderStreamsForwardAndPagesNewestFirst() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/audit.jsonl"
        let identifiers = KeyedIdentifierHash(key: Array(repeating: 7, count: 32))
        // Lines of varying length (the same as `record` writes, without an fsync each), so
        // records straddle chunk boundaries at every offset.
        var text = ""
        for index in 0..<3000 {
            let padding = String(repeating: "p", count: index % 97 * 3)
            text += AuditLog.line(
                who: "user\(index)", action: "read", selection: ["n": .number(index), "pad": .text(padding)], count: nil,
                at: 1_795_000_000_000 + Int64(index), outcome: nil, via: nil, client: nil, requestID: nil, identifiers: identifiers)
        }
        text += "{\"at\":\"2026-11-23T"  // a write cut short by a crash
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        #expect((FileSystem.size(of: path) ?? 0) > 4 * AuditLogReader.chunkBytes)
        let forward = Array(AuditLogReader(path: path))
        #expect(forward.map(\.who) == (0..<3000).map { "user\($0)" })
        #expect(forward.map(\.at) == (0..<3000).map { 1_795_000_000_000 + Int64($0) })
        #expect(Array(AuditLogReader(path: path, from: forward[2500].offset)).count == 500)
        var pages: [[AuditEntry]] = []
        var before: Int?
        while true {
            let page = AuditLogReader(path: path).newest(limit: 700, before: before)
            if page.isEmpty { break }
            pages.append(page)
            before = page.last!.offset
        }
        #expect(pages.map(\.count) == [700, 700, 700, 700, 200])
        #expect(pages.flatMap { $0 }.map(\.who) == (0..<3000).reversed().map { "user\($0)" })
    }
}

extension ReplayRequest {
    init(source: EventSelection.Source, handler: String? = nil) {
        self.init()
        selection.source = source
        selection.handler = handler
    }
}
