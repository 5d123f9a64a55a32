import Foundation
import SynapEvents
import Testing

@Suite("Samples decode into their models")
struct SampleDecodingTests {
    @Test("each sample decodes and summarises to the expected key fields", arguments: EventKind.allCases)
    func sampleSummary(kind: EventKind) throws {
        let event = try TestSupport.decode(kind, SampleEvents.body(for: kind))
        #expect(event.kind == kind)
        #expect(event.summary == ExpectedSummaries.forSample(kind))
    }

    @Test("each sample's fields are exactly its model's fields", arguments: EventKind.allCases)
    func sampleMatchesModel(kind: EventKind) throws {
        let body = SampleEvents.body(for: kind)
        let event = try TestSupport.decode(kind, body)
        let encoded = String(decoding: try JSONEncoder().encode(event.payload), as: UTF8.self)
        // Models expose ids as `id` whatever Synap calls them; compare with that normalised.
        func normalised(_ paths: Set<String>) -> Set<String> {
            Set(paths.map { $0.replacingOccurrences(of: "objectId", with: "id") })
        }
        let inSample = normalised(TestSupport.paths(try TestSupport.tree(body), skipNulls: true))
        let inModel = normalised(TestSupport.paths(try TestSupport.tree(encoded)))
        #expect(inSample.subtracting(inModel) == [], "sample fields the model ignores")
        #expect(inModel.subtracting(inSample) == [], "model fields the sample leaves out")
    }

    @Test func attemptCompletedDetails() throws {
        let event = try TestSupport.sample(AttemptCompleted.self)
        #expect(event.attempt.marks == Marks(points: 17, maxPoints: 20, credits: 0, penalties: 0))
        #expect(event.attempt.state?.responseQuestionMap?.count == 20)
        #expect(event.attempt.state?.responseQuestionMap?.allSatisfy { $0.count == 2 } == true)
        #expect(event.attempt.state?.results?.status == "complete")
        #expect(event.attempt.tags?.module == ["MATH-204"])
        #expect(event.attempt.tags?.exam == [])
        #expect(event.attempt.isExam == false)
        #expect(event.certificate?.certificatePdfPath == "certificates/9i0FAHIDOM/Qm3vT8xLp2.pdf")
        #expect(event.user.customAttributes?["employee-id"] == .string("AE-1815"))
        #expect(event.user.customAttributes?["age"] == .number(36))
        #expect(event.portal == Portal(id: "9i0FAHIDOM"))
        #expect(event.timeSpentInMs == 2_610_791)
        #expect(event.timeCompleted?.date == Date(timeIntervalSince1970: 1_719_314_114.903))
    }

    @Test func examAndUserDetails() throws {
        let exam = try TestSupport.sample(ExamCompleted.self)
        #expect(exam.attempt.grade?.label == "Merit")
        #expect(exam.attempt.gradeCriteria?.grades?.map(\.minScore) == [70, 55, 40, 0])
        #expect(exam.attempt.state?.deferred?.locked == false)
        #expect(exam.exam.sectionGrades?.first?.marks?.points == 57)
        #expect(exam.resolvedUserGroup == UserGroupRef(id: "Gy12FMaths", name: "Year 12 Further Maths"))

        let results = try TestSupport.sample(ExamResultsReleased.self)
        #expect(results.exam.attr?["exam-weight"] == .number(0.4))
        #expect(results.exam.attr?["publish-exam-grade"] == .bool(true))
        #expect(results.attempt.audit?.releasedBy == "Mk2Hopper9")
        #expect(results.attempt.proctorStatus == nil)
        #expect(results.attempt.assignedModeratingMarkers == [ObjectRef(id: "Mk2Hopper9")])
        #expect(results.attempt.tags?.context == ["summer-series"])
        #expect(results.user.subPortalId == "spLondon01")
        #expect(results.user.customAttributes?["pronouns"] == .null)

        let user = try TestSupport.sample(UserUpdated.self)
        #expect(user.previousValues?.name == "Ada Lovelace")
        #expect(user.previousValues?.preferences?.locale == "en-GB")
        #expect(user.customAttributes?["favouriteSweet"] == .string("Bakewell tart"))
    }

    @Test func otherDetails() throws {
        let flag = try TestSupport.sample(FlagPlanted.self)
        let purchase = try TestSupport.sample(StorePurchase.self)
        let record = try TestSupport.sample(LearningRecordCreated.self)
        let override = try TestSupport.sample(AttemptOverrideCreated.self)
        let group = try TestSupport.sample(UserAddedToGroup.self)
        let registration = try TestSupport.sample(UserRegisteredForExam.self)
        let assignment = try TestSupport.sample(AssignmentCompleted.self)
        #expect(flag.objectId == "Fl4gQ7vB2n")
        #expect(flag.question.id == "q6Ws3KvB8d")
        #expect(flag.test == TestRef(id: "T5nB8vQe3Zr", title: ExpectedSummaries.practiceTest))
        #expect(purchase.unlockActions?.map(\.targetId) == ["CoFMrev001", "Tq9PaPer2Y"])
        #expect(purchase.user.customAttributes == nil)
        #expect(record.learningRecord.attr?["grade"] == .string("c"))
        #expect(record.learningRecord.attr?["file"]?["url"]?.stringValue?.contains("X-Amz-Expires=3600") == true)
        #expect(record.user.customAttributes?.count == 7)
        #expect(override.user.email == "c.babbage@example.edu")
        #expect(override.actionType == "override")
        #expect(override.score?.oldValue == 62.5)
        #expect(override.exam == ObjectRef(id: "Ex4mFM2024"))
        #expect(group.objectId == "Gy12FMaths")
        #expect(group.moderators?.map(\.name) == ["Charles Babbage", "Mary Somerville"])
        #expect(group.totalUsers == 28)
        #expect(registration.exam.id == "Ex4mFM2024")
        #expect(registration.exam.schedule?.closeDate?.raw == "2024-06-28T12:00:00.000Z")
        #expect(registration.resolvedUserGroup?.id == "Gy12FMaths")
        #expect(assignment.assignment.name == "Week 6: Recurrence Relations")
        #expect(assignment.assignmentGroup?.id == "AgTerm3Y12")
    }

    @Test func attemptCompletedSampleIsAbout2400Bytes() {
        let size = SampleEvents.body(for: .attemptCompleted).utf8.count
        #expect((2_200...2_700).contains(size), "size \(size)")
    }

    @Test("large attempt.completed bodies are valid and near their target size", arguments: [4_096, 65_536, 1_048_576])
    func largeAttemptCompleted(target: Int) throws {
        let body = SampleEvents.largeAttemptCompleted(targetBytes: target)
        #expect(abs(body.utf8.count - target) <= 48, "size \(body.utf8.count)")
        let event = try TestSupport.model(AttemptCompleted.self, body)
        let questions = event.attempt.state?.responseQuestionMap?.count ?? 0
        #expect(questions > 20)
        #expect(event.attempt.totalQuestions == Double(questions))
        #expect(event.attempt.marks?.maxPoints == Double(questions))
        #expect(Set(event.attempt.state?.responseQuestionMap?.map { $0[0] } ?? []).count == questions)
    }

    @Test func largeAttemptCompletedHasAFloor() throws {
        let body = SampleEvents.largeAttemptCompleted(targetBytes: 10)
        let event = try TestSupport.model(AttemptCompleted.self, body)
        #expect(event.attempt.state?.responseQuestionMap?.count == 1)
    }

    @Test func oneDecoderSharedAcrossTasks() async throws {
        let decoder = SynapEventDecoder()
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for round in 0..<64 {
                let kind = EventKind.allCases[round % EventKind.allCases.count]
                group.addTask {
                    let body = Array(SampleEvents.body(for: kind).utf8)
                    var mismatches = 0
                    for _ in 0..<10
                    where (try? decoder.decode(kind, from: body))?.summary != ExpectedSummaries.forSample(kind) {
                        mismatches += 1
                    }
                    return mismatches
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }
}
