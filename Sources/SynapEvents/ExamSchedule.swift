/// `exam.schedule` of user.registeredForExam: the exam's window.
public struct ExamSchedule: Sendable, Equatable, Codable {
    /// When the exam opens.
    public let openDate: SynapTimestamp?
    /// When the exam closes.
    public let closeDate: SynapTimestamp?
}
