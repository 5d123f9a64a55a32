import Delivery
import Foundation
import Testing
@testable import Handlers

/// A sink holds a bounded number of descriptors, however many paths its template produces.
@Suite struct FileSinkDescriptorTests {
    @Test func aFileNotWrittenForAWhileIsClosed() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let clock = ManualClock()
        let handler = FileSinkHandler(
            name: "archive", template: try FilePathTemplate(dir + "/{date}.jsonl"), options: .init(idleCloseSeconds: 60),
            monotonicNanoseconds: { clock.now() })
        defer { handler.close() }
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(1))))
        #expect(SinkTest.descriptors(under: dir) == 1)
        clock.advance(seconds: 30)
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(2, receivedAt: SinkTest.receivedAt + SinkTest.day))))
        #expect(handler.openFileCount == 2)
        clock.advance(seconds: 31)  // the first file: 61 s idle; the second: 31 s
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(3, receivedAt: SinkTest.receivedAt + 2 * SinkTest.day))))
        #expect(handler.openFileCount == 2)
        #expect(SinkTest.descriptors(under: dir) == 2)
        // With no deliveries at all, the maintenance sweep closes idle files.
        clock.advance(seconds: 61)
        #expect(handler.sweep().closedIdle == 2)
        #expect(handler.openFileCount == 0)
        #expect(SinkTest.descriptors(under: dir) == 0)
        // A closed file is reopened and appended to.
        #expect(SinkTest.isDelivered(SinkTest.outcome(handler, SinkTest.delivery(4))))
        #expect(SinkTest.ids(dir + "/2026-11-23.jsonl") == [SinkTest.hex(1), SinkTest.hex(4)])
    }

    /// Weeks of `{date}` files never hold more than `maxOpenFiles` descriptors.
    @Test func atMostMaxOpenFilesAreOpen() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate(dir + "/{date}.jsonl"), options: .init(maxOpenFiles: 4))
        defer { handler.close() }
        for day in Int64(0)..<60 {
            let delivery = SinkTest.delivery(UInt64(day + 1), receivedAt: SinkTest.receivedAt + day * SinkTest.day)
            #expect(SinkTest.isDelivered(SinkTest.outcome(handler, delivery)))
            #expect(SinkTest.descriptors(under: dir) <= 4)
        }
        #expect(handler.openFileCount == 4)
        #expect(SinkTest.names(in: dir).count == 60)
    }
}
