import Foundation
import Handlers
import JSONSyntax
import Testing
@testable import Receiver

/// Reading `file` handlers from the configuration.
@Suite struct FileHandlerConfigurationTests {
    static func options(_ handler: String) throws -> FileSinkHandler.Options {
        let json = """
            { "handlers": { "archive": \(handler) },
              "routes": [ { "path": "/a", "event": "attempt.completed", "handlers": ["archive"] } ] }
            """
        let configuration = try ReceiverConfiguration(json: try JSONValue(parsing: Array(json.utf8)))
        guard let file = configuration.handlers[0].type as? FileHandlerType else { throw ConfigurationError("", "not a file handler") }
        return file.options
    }

    static func message(_ handler: String) -> String? {
        do {
            _ = try options(handler)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func retentionAndIdleCloseAreRead() throws {
        let options = try Self.options(#"{ "type": "file", "path": "e.jsonl", "retentionDays": 30, "idleCloseSeconds": 5 }"#)
        #expect(options.retentionDays == 30)
        #expect(options.idleCloseSeconds == 5)
        let defaults = try Self.options(#"{ "type": "file", "path": "e.jsonl" }"#)
        #expect(defaults.retentionDays == nil)
        #expect(defaults.idleCloseSeconds == 60)
        #expect(try Self.options(#"{ "type": "file", "path": "e.jsonl", "retentionDays": 0 }"#).retentionDays == nil)
    }

    @Test func badValuesNameTheirKey() {
        #expect(Self.message(#"{ "type": "file", "path": "e.jsonl", "retentionDays": -1 }"#)?.contains("handlers.archive.retentionDays") == true)
        #expect(Self.message(#"{ "type": "file", "path": "e.jsonl", "idleCloseSeconds": 0 }"#)?.contains("handlers.archive.idleCloseSeconds") == true)
        #expect(Self.message(#"{ "type": "file", "path": "e.jsonl", "retentionDays": "30" }"#)?.contains("handlers.archive.retentionDays") == true)
    }
}
