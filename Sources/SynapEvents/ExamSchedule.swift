import JSONSyntax

/// `exam.schedule` of user.registeredForExam: the exam's window.
public struct ExamSchedule: Sendable, Equatable, Codable {
    /// When the exam opens.
    public let openDate: SynapTimestamp?
    /// When the exam closes.
    public let closeDate: SynapTimestamp?
}

extension ExamSchedule: JSONValueReadable {
    init(reading value: JSONValue) throws(ValueMismatch) {
        let object = try JSONObjectReader(value)
        openDate = try object.optional("openDate")
        closeDate = try object.optional("closeDate")
    }
}
