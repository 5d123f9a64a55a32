extension SampleEvents {
    /// attempt.completed with 20 questions: about 2.4 KB, the size measured in ARCHITECTURE.md §4.
    static let attemptCompleted = attemptCompleted(questionCount: 20)

    /// attempt.completed for a test of `questionCount` questions, 85% of them answered correctly.
    static func attemptCompleted(questionCount: Int) -> String {
        let correct = Int((Double(questionCount) * 0.85).rounded())
        let scoreFrac = questionCount == 0 ? 0 : Double(correct) / Double(questionCount)
        let spent = 2_590_791 + questionCount * 1_000
        return #"""
            {
              "user": {
                "id": "7dNGUkKit2O",
                "name": "Ada Lovelace",
                "email": "ada@example.edu",
                "customAttributes": { "team": "Analytical Engines", "employee-id": "AE-1815", "age": 36 }
              },
              "portal": { "id": "9i0FAHIDOM" },
              "meta": { "timestamp": "2024-06-25T11:15:15.587Z" },
              "certificate": {
                "url": "https://academy.example.edu/certificates/Qm3vT8xLp2",
                "certificatePdfPath": "certificates/9i0FAHIDOM/Qm3vT8xLp2.pdf"
              },
              "attempt": {
                "score": \#(correct),
                "scoreFrac": \#(scoreFrac),
                "totalAnsweredCorrectly": \#(correct),
                "id": "kP4s9WcR2tX",
                "isExam": false,
                "state": {
                  "responseQuestionMap": [\#(responseQuestionMap(count: questionCount))
                  ],
                  "isRevoked": false,
                  "isStarted": true,
                  "timeStarted": "2024-06-25T10:32:04.112Z",
                  "timeCompleted": "2024-06-25T11:15:14.903Z",
                  "timeSpentInMs": \#(spent),
                  "results": { "status": "complete" }
                },
                "marks": { "points": \#(correct), "maxPoints": \#(questionCount), "credits": 0, "penalties": 0 },
                "totalQuestions": \#(questionCount),
                "tags": {
                  "nonFacetTags": ["year-12", "practice"],
                  "skill": ["problem-solving"],
                  "difficulty": ["medium"],
                  "subtopic": ["bernoulli-numbers"],
                  "topic": ["sequences-and-series"],
                  "subject": ["mathematics"],
                  "module": ["MATH-204"],
                  "exam": []
                },
                "totalAnswered": \#(questionCount),
                "timeStarted": "2024-06-25T10:32:04.112Z",
                "timeCompleted": "2024-06-25T11:15:14.903Z",
                "timeSpentInMs": \#(spent)
              },
              "test": { "id": "T5nB8vQe3Zr", "title": "Number Theory: Bernoulli Numbers (Practice Set 3)" },
              "id": "kP4s9WcR2tX",
              "score": \#(correct),
              "scoreFrac": \#(scoreFrac),
              "timeStarted": "2024-06-25T10:32:04.112Z",
              "timeCompleted": "2024-06-25T11:15:14.903Z",
              "timeSpentInMs": \#(spent)
            }
            """#
    }
}
