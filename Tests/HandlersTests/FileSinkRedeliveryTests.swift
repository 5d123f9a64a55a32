import Delivery
import Foundation
import Testing
@testable import Handlers

/// An event id is in a sink's files at most once, rotation included.
@Suite struct FileSinkRedeliveryTests {
    /// The engine never gives the sink an event it delivered, even on a forced replay.
    @Test func theSinkRefusesRepeatedDelivery() throws {
        let handler = FileSinkHandler(name: "archive", template: try FilePathTemplate("/nonexistent/events.jsonl"))
        #expect(handler.acceptsRepeatedDelivery == false)
    }

    /// The previous run rotated the file right after writing the event whose outcome the
    /// crash lost: the recovered delivery finds it in the newest rotated file.
    @Test func aRecoveredDeliveryIsFoundInTheNewestRotatedFile() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let path = dir + "/events.jsonl"
        let template = try FilePathTemplate(path)
        let before = FileSinkHandler(name: "archive", template: template, options: .init(maxBytes: 5000))
        for id in UInt64(1)...2 { #expect(SinkTest.isDelivered(SinkTest.outcome(before, SinkTest.delivery(id)))) }
        before.close()
        #expect(!FileManager.default.fileExists(atPath: path))  // id 2 filled the file: rotated

        let restarted = FileSinkHandler(name: "archive", template: template, options: .init(maxBytes: 5000))
        defer { restarted.close() }
        #expect(SinkTest.outcome(restarted, SinkTest.delivery(2, isRedelivery: true)) == .alreadyDelivered)
        #expect(SinkTest.isDelivered(SinkTest.outcome(restarted, SinkTest.delivery(3, isRedelivery: true))))
        let everything = SinkTest.names(in: dir).flatMap { SinkTest.ids(dir + "/" + $0) }
        #expect(everything.sorted() == [1, 2, 3].map(SinkTest.hex))
    }

    /// Lines this run writes before the recovered delivery arrives do not push the previous
    /// run's last lines out of the window that is searched.
    @Test func newLinesDoNotHideThePreviousRunsTail() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let path = dir + "/events.jsonl"
        let template = try FilePathTemplate(path)
        let options = FileSinkHandler.Options(redeliveryScanBytes: 8192)
        let before = FileSinkHandler(name: "archive", template: template, options: options)
        #expect(SinkTest.isDelivered(SinkTest.outcome(before, SinkTest.delivery(1))))
        before.close()
        let restarted = FileSinkHandler(name: "archive", template: template, options: options)
        defer { restarted.close() }
        for id in UInt64(100)...110 { #expect(SinkTest.isDelivered(SinkTest.outcome(restarted, SinkTest.delivery(id)))) }
        #expect(SinkTest.outcome(restarted, SinkTest.delivery(1, isRedelivery: true)) == .alreadyDelivered)
        #expect(SinkTest.ids(path).filter { $0 == SinkTest.hex(1) }.count == 1)
    }

    /// A torn last line is an event that was not written: its recovered delivery writes it.
    @Test func anEventWhoseLineWasTornIsWrittenWhenRecovered() throws {
        let dir = SinkTest.directory()
        defer { SinkTest.remove(dir) }
        let path = dir + "/events.jsonl"
        let whole = FileSinkHandler.line(for: SinkTest.delivery(1))
        let torn = Array(FileSinkHandler.line(for: SinkTest.delivery(2)).prefix(200))
        #expect(FileManager.default.createFile(atPath: path, contents: Data(whole + torn)))
        let restarted = FileSinkHandler(name: "archive", template: try FilePathTemplate(path))
        defer { restarted.close() }
        #expect(SinkTest.outcome(restarted, SinkTest.delivery(1, isRedelivery: true)) == .alreadyDelivered)
        #expect(SinkTest.isDelivered(SinkTest.outcome(restarted, SinkTest.delivery(2, isRedelivery: true))))
        #expect(SinkTest.ids(path) == [SinkTest.hex(1), SinkTest.hex(2)])
        #expect(SinkTest.holdsOnlyWholeLines(path))
    }
}
