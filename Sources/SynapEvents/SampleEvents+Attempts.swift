extension SampleEvents {
    /// attempt.started: carries `meta.eventName`.
    static let attemptStarted = #"""
        {
          "id": "kP4s9WcR2tX",
          "meta": { "timestamp": "2024-06-25T10:32:04.254Z", "eventName": "attempt.started" },
          "timeStarted": "2024-06-25T10:32:04.112Z",
          "user": {
            "id": "7dNGUkKit2O",
            "name": "Ada Lovelace",
            "email": "ada@example.edu",
            "customAttributes": { "team": "Analytical Engines", "employee-id": "AE-1815" }
          },
          "test": { "id": "T5nB8vQe3Zr", "title": "Number Theory: Bernoulli Numbers (Practice Set 3)" },
          "portal": { "id": "9i0FAHIDOM" },
          "attempt": {
            "id": "kP4s9WcR2tX",
            "isExam": false,
            "state": {
              "responseQuestionMap": [["r8Hk2LmQ1a", "q1Fz7NcW0b"], ["r2Jd9PxT4c", "q6Ws3KvB8d"]],
              "isRevoked": false,
              "isStarted": true,
              "timeStarted": "2024-06-25T10:32:04.112Z"
            },
            "totalQuestions": 20,
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
            "timeStarted": "2024-06-25T10:32:04.112Z"
          }
        }
        """#

    /// attempt.submitted, auto-marked. The page is [CUT] inside `attempt.state.results`; the rest
    /// follows exam.submitted without `exam` (synap-events.md §3.2).
    static let attemptSubmitted = #"""
        {
          "user": {
            "id": "7dNGUkKit2O",
            "name": "Ada Lovelace",
            "email": "ada@example.edu",
            "customAttributes": { "team": "Analytical Engines", "employee-id": "AE-1815" }
          },
          "portal": { "id": "9i0FAHIDOM" },
          "meta": { "timestamp": "2024-06-25T11:15:15.201Z" },
          "attempt": {
            "score": 17,
            "scoreFrac": 0.85,
            "totalAnsweredCorrectly": 17,
            "id": "kP4s9WcR2tX",
            "isExam": false,
            "state": {
              "responseQuestionMap": [["r8Hk2LmQ1a", "q1Fz7NcW0b"], ["r2Jd9PxT4c", "q6Ws3KvB8d"]],
              "isRevoked": false,
              "isStarted": true,
              "sections": {
                "items": [
                  {
                    "sectionId": "sA1b2C3d4E",
                    "responseIds": ["r8Hk2LmQ1a", "r2Jd9PxT4c"],
                    "isOpen": false,
                    "isUnlocked": true,
                    "isCompleted": true,
                    "totalQuestionsCompleted": 20,
                    "totalQuestionsSkipped": 0,
                    "marks": { "points": 17, "maxPoints": 20, "credits": 0, "penalties": 0 },
                    "timeStarted": "2024-06-25T10:32:04.112Z",
                    "timeCompleted": "2024-06-25T11:15:14.903Z",
                    "timeSpentInMs": 2590791,
                    "score": 17,
                    "scoreFrac": 0.85,
                    "totalCorrect": 17
                  }
                ]
              },
              "timeStarted": "2024-06-25T10:32:04.112Z",
              "timeCompleted": "2024-06-25T11:15:14.903Z",
              "timeSpentInMs": 2590791,
              "results": { "markingStatus": "completed", "pendingMarks": 0, "status": "complete" }
            },
            "marks": { "points": 17, "maxPoints": 20, "credits": 0, "penalties": 0 },
            "totalQuestions": 20,
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
            "totalAnswered": 20,
            "timeStarted": "2024-06-25T10:32:04.112Z",
            "timeCompleted": "2024-06-25T11:15:14.903Z",
            "timeSpentInMs": 2590791
          },
          "test": { "id": "T5nB8vQe3Zr", "title": "Number Theory: Bernoulli Numbers (Practice Set 3)" },
          "id": "kP4s9WcR2tX",
          "timeStarted": "2024-06-25T10:32:04.112Z",
          "timeCompleted": "2024-06-25T11:15:14.903Z",
          "timeSpentInMs": 2590791
        }
        """#

    /// attemptOverride.created: a teacher raises an exam score after review. The top-level user is
    /// the overrider ([INFERENCE]); `attempt.user` is the candidate.
    static let attemptOverrideCreated = #"""
        {
          "user": {
            "id": "Cb1791xEng",
            "name": "Charles Babbage",
            "email": "c.babbage@example.edu",
            "customAttributes": { "trait-testing": "control", "team": "Examiners" }
          },
          "portal": { "id": "9i0FAHIDOM" },
          "meta": { "timestamp": "2024-07-02T09:41:27.015Z", "eventName": "attemptOverride.created" },
          "actionType": "override",
          "credits": { "oldValue": 0, "newValue": 2, "isOriginal": false },
          "penalties": { "oldValue": 1, "newValue": 0, "isOriginal": false },
          "score": { "oldValue": 62.5, "newValue": 71, "isOriginal": false },
          "points": { "oldValue": 50, "newValue": 56.8, "isOriginal": false },
          "exam": { "id": "Ex4mFM2024" },
          "attempt": {
            "id": "Xa7Tq2LmN9p",
            "user": {
              "id": "7dNGUkKit2O",
              "name": "Ada Lovelace",
              "email": "ada@example.edu",
              "customAttributes": { "dateOfBirth": "1815-12-10", "country": "GB" }
            }
          }
        }
        """#
}
