import Delivery
import Handlers

/// `"type": "file"`: one JSON line per event appended to a file, its path a template.
///
///     "archive": { "type": "file", "path": "events/{event}-{date}.jsonl", "rotateMegabytes": 100, "fsync": false,
///                  "mode": "0600", "retentionDays": 30, "idleCloseSeconds": 60 }
struct FileHandlerType: HandlerType {
    static let typeName = "file"

    /// As written: relative paths are taken from the data directory when the handler is built.
    let path: FilePathTemplate
    /// Without `registryDirectory`, which is set from the data directory and the handler's name.
    let options: FileSinkHandler.Options

    init(entry: inout ConfigObject) throws(ConfigurationError) {
        let pathText = try entry.requiredString("path")
        do throws(HandlerConfigurationError) {
            path = try FilePathTemplate(pathText)
        } catch {
            throw ConfigurationError(entry.keyPath("path"), error.message)
        }
        let maxMegabytes = try entry.number("rotateMegabytes", default: 0, range: 0...1_000_000)
        let fsync = try entry.bool("fsync", default: false)
        let modeText = try entry.string("mode", default: "0600")
        guard let mode = UInt32(modeText, radix: 8), mode <= 0o777 else {
            throw ConfigurationError(entry.keyPath("mode"), "must be an octal permission like \"0600\"")
        }
        let retentionDays = try entry.number("retentionDays", default: 0, range: 0...36_500)
        let idleClose = try entry.number("idleCloseSeconds", default: 60, range: 1...86_400)
        options = .init(
            maxBytes: Int(maxMegabytes * 1_048_576), fsync: fsync, mode: mode, idleCloseSeconds: idleClose,
            retentionDays: retentionDays > 0 ? retentionDays : nil)
    }

    var summary: String {
        "file \(path.template)" + (options.maxBytes > 0 ? ", rotated at \(options.maxBytes) bytes" : "") + (options.fsync ? ", fsync" : "")
    }

    func makeHandler(name: String, context: HandlerContext) -> any WebhookHandler {
        var options = options
        // Every file it writes is recorded here, so retention and erasure reach them all.
        options.registryDirectory = context.dataDirectory + "/sinks/" + name
        let log = context.log
        return FileSinkHandler(
            name: name, template: path.resolved(against: context.dataDirectory), options: options, notice: { log.warning($0, ["handler": name]) })
    }
}
