import Delivery
import Handlers

/// `"type": "log"`: one line per event on standard output.
///
///     "console": { "type": "log", "format": "text", "fields": ["kind", "id", "email", "score"], "maskPersonalData": false }
struct LogHandlerType: HandlerType {
    static let typeName = "log"

    let format: LogHandler.Format
    let fields: [SummaryField]
    let maskPersonalData: Bool

    init(entry: inout ConfigObject) throws(ConfigurationError) {
        let format = try entry.oneOf("format", LogHandler.Format.allCases.map(\.rawValue), default: "text")
        var fields = SummaryField.defaults
        if let names = try entry.strings("fields") {
            fields = []
            for (index, fieldName) in names.enumerated() {
                guard let field = SummaryField(rawValue: fieldName) else {
                    throw ConfigurationError("\(entry.keyPath("fields"))[\(index)]", "unknown field \"\(fieldName)\" (known: \(SummaryField.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                fields.append(field)
            }
        }
        self.format = LogHandler.Format(rawValue: format)!
        self.fields = fields
        maskPersonalData = try entry.bool("maskPersonalData", default: false)
    }

    var summary: String {
        "log, \(format.rawValue), fields \(fields.map(\.rawValue).joined(separator: ","))" + (maskPersonalData ? ", personal data masked" : "")
    }

    func makeHandler(name: String, context: HandlerContext) -> any WebhookHandler {
        LogHandler(name: name, format: format, fields: fields, maskPersonalData: maskPersonalData)
    }
}
