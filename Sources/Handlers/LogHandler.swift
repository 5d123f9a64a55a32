import Delivery
import JSONSyntax
import SystemIO

/// Writes one line per event to standard output: the fields a person scans for, as
/// `key=value` text or as a JSON object per line.
public struct LogHandler: WebhookHandler {
    /// Line format.
    public enum Format: String, Sendable, CaseIterable {
        case text, json
    }

    public let name: String
    let format: Format
    let fields: [SummaryField]
    let maskPersonalData: Bool
    let writeLine: @Sendable (String) -> Void
    /// Standard output takes many lines in one write; a caller's `writeLine` gets one line a call.
    let writesToStandardOutput: Bool

    /// A log handler; `writeLine` defaults to standard output.
    public init(
        name: String, format: Format = .text, fields: [SummaryField] = SummaryField.defaults, maskPersonalData: Bool = false,
        writeLine: (@Sendable (String) -> Void)? = nil
    ) {
        self.name = name
        self.format = format
        self.fields = fields
        self.maskPersonalData = maskPersonalData
        self.writeLine = writeLine ?? { StandardStream.output.writeLine($0) }
        self.writesToStandardOutput = writeLine == nil
    }

    public func handle(_ delivery: Delivery, completion: @escaping @Sendable (HandlerOutcome) -> Void) {
        writeLine(line(for: delivery))
        completion(.delivered())
    }

    /// On standard output, a run of events is one write (the stream writes a line and its
    /// newline at once, so the lines joined are written whole, never interleaved with others').
    public var takesBatches: Bool { writesToStandardOutput }

    public func handle(batch: [Delivery], completion: @escaping @Sendable ([HandlerOutcome]) -> Void) {
        guard !batch.isEmpty else { return completion([]) }
        writeLine(batch.map(line(for:)).joined(separator: "\n"))
        completion(Array(repeating: .delivered(), count: batch.count))
    }

    /// The line for `delivery`, without its newline.
    func line(for delivery: Delivery) -> String {
        let values = fields.compactMap { field in field.value(in: delivery, masking: maskPersonalData).map { (field, $0) } }
        switch format {
        case .json:
            return JSONValue.object(values.map { field, value in
                let isNumber = field == .score || field == .scoreFrac
                return (field.rawValue, isNumber ? .number(value) : .string(value))
            }).serialized()
        case .text:
            // One String grown in place: an interpolated String per field and then `joined` cost
            // an allocation each.
            var line = ""
            line.reserveCapacity(160)
            for (field, value) in values {
                if !line.isEmpty { line += " " }
                line += field.rawValue
                line += "="
                line += Logfmt.quote(value)
            }
            return line
        }
    }

    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        JSONValue.string(text).serialized()
    }
}
