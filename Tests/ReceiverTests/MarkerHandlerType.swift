import Delivery
import Foundation
@testable import Receiver

/// A handler type that exists only in the tests, written as a new handler type is written: this
/// file is the whole of it, and a registration (`HandlerTypeRegistry.standard.adding(...)`) puts
/// it in a configuration. For each event it appends `LABEL NAME ID ROUTE` to a file.
///
///     "stamp": { "type": "marker", "file": "marks.txt", "label": "seen" }
struct MarkerHandlerType: HandlerType {
    static let typeName = "marker"

    /// Relative paths are taken from the data directory.
    let file: String
    let label: String

    init(entry: inout ConfigObject) throws(ConfigurationError) {
        file = try entry.requiredString("file")
        label = try entry.string("label", default: "marked")
        guard !label.contains(" ") else { throw ConfigurationError(entry.keyPath("label"), "must be one word") }
    }

    var summary: String { "marker to \(file), label \(label)" }

    func warnings(name: String) -> [ConfigurationWarning] {
        label.isEmpty ? [ConfigurationWarning(.warning, "handlers.\(name).label: is empty; lines start with a space", handler: name)] : []
    }

    func makeHandler(name: String, context: HandlerContext) -> any WebhookHandler {
        MarkerHandler(name: name, path: file.hasPrefix("/") ? file : context.dataDirectory + "/" + file, label: label)
    }
}

/// The live handler of `MarkerHandlerType`.
struct MarkerHandler: WebhookHandler {
    let name: String
    let path: String
    let label: String

    func handle(_ delivery: Delivery, completion: @escaping @Sendable (HandlerOutcome) -> Void) {
        let line = Array("\(label) \(name) \(delivery.id) \(delivery.route)\n".utf8)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return completion(.failed(HandlerFailure("cannot open \(path): errno \(errno)"))) }
        defer { close(fd) }
        guard write(fd, line, line.count) == line.count else { return completion(.failed(HandlerFailure("cannot write \(path): errno \(errno)"))) }
        completion(.delivered(detail: "marked"))
    }
}
