extension SampleEvents {
    /// exam.started (seeds/004): carries `meta.eventName`; `userGroup` under `exam`.
    static let examStarted = #"""
        {
          "id": "Xa7Tq2LmN9p",
          "meta": { "timestamp": "2024-06-28T09:00:12.348Z", "eventName": "exam.started" },
          "portal": { "id": "9i0FAHIDOM" },
          "user": {
            "id": "7dNGUkKit2O",
            "name": "Ada Lovelace",
            "email": "ada@example.edu",
            "customAttributes": { "team": "Analytical Engines", "candidate-number": 4127 }
          },
          "test": { "id": "Tq9PaPer1X", "title": "Further Mathematics Paper 1: Pure" },
          "exam": {
            "id": "Ex4mFM2024",
            "name": "Further Mathematics Mock Exam (Summer 2024)",
            "attr": { "exam-weight": 0.4, "qualification_name": "A-Level Further Mathematics" },
            "resitCount": 0,
            "sourceTests": ["Tq9PaPer1X", "Tq9PaPer2Y"],
            "userGroup": { "id": "Gy12FMaths", "name": "Year 12 Further Maths" }
          },
          "timeStarted": "2024-06-28T09:00:11.904Z",
          "attempt": {
            "id": "Xa7Tq2LmN9p",
            "isExam": true,
            "state": {
              "responseQuestionMap": [["rE1x4mQ7aa", "qE9p2Lc4bb"], ["rE2k8Vn3cc", "qE3w6Hs1dd"]],
              "isRevoked": false,
              "isStarted": true,
              "timeStarted": "2024-06-28T09:00:11.904Z"
            },
            "totalQuestions": 12,
            "tags": {
              "nonFacetTags": ["mock"],
              "skill": ["proof"],
              "difficulty": ["hard"],
              "subtopic": ["complex-numbers"],
              "topic": ["pure-mathematics"],
              "subject": ["further-mathematics"],
              "module": ["FM-P1"],
              "exam": ["summer-2024"]
            },
            "timeStarted": "2024-06-28T09:00:11.904Z"
          }
        }
        """#

    /// exam.submitted of a manually marked exam: marks so far, two marks still pending, `userGroup`
    /// under `exam`.
    static let examSubmitted = #"""
        {
          "user": {
            "id": "7dNGUkKit2O",
            "name": "Ada Lovelace",
            "email": "ada@example.edu",
            "customAttributes": { "team": "Analytical Engines", "candidate-number": 4127 }
          },
          "portal": { "id": "9i0FAHIDOM" },
          "meta": { "timestamp": "2024-06-28T10:30:02.771Z" },
          "attempt": {
            "score": 48,
            "scoreFrac": 0.6,
            "totalAnsweredCorrectly": 9,
            "id": "Xa7Tq2LmN9p",
            "isExam": true,
            "state": {
              "responseQuestionMap": [["rE1x4mQ7aa", "qE9p2Lc4bb"], ["rE2k8Vn3cc", "qE3w6Hs1dd"]],
              "isRevoked": false,
              "isStarted": true,
              "sections": {
                "items": [
                  {
                    "sectionId": "sFM1Pure01",
                    "responseIds": ["rE1x4mQ7aa", "rE2k8Vn3cc"],
                    "isOpen": false,
                    "isUnlocked": true,
                    "isCompleted": true,
                    "totalQuestionsCompleted": 12,
                    "totalQuestionsSkipped": 0,
                    "marks": { "points": 48, "maxPoints": 80, "credits": 0, "penalties": 0 },
                    "timeStarted": "2024-06-28T09:00:11.904Z",
                    "timeCompleted": "2024-06-28T10:30:01.516Z",
                    "timeSpentInMs": 5389612,
                    "score": 48,
                    "scoreFrac": 0.6,
                    "totalCorrect": 9
                  }
                ]
              },
              "timeStarted": "2024-06-28T09:00:11.904Z",
              "timeCompleted": "2024-06-28T10:30:01.516Z",
              "timeSpentInMs": 5389612,
              "results": { "markingStatus": "inProgress", "pendingMarks": 2, "status": "pending" }
            },
            "marks": { "points": 48, "maxPoints": 80, "credits": 0, "penalties": 0 },
            "totalQuestions": 12,
            "tags": {
              "nonFacetTags": ["mock"],
              "skill": ["proof"],
              "difficulty": ["hard"],
              "subtopic": ["complex-numbers"],
              "topic": ["pure-mathematics"],
              "subject": ["further-mathematics"],
              "module": ["FM-P1"],
              "exam": ["summer-2024"]
            },
            "totalAnswered": 12,
            "timeStarted": "2024-06-28T09:00:11.904Z",
            "timeCompleted": "2024-06-28T10:30:01.516Z",
            "timeSpentInMs": 5389612
          },
          "test": { "id": "Tq9PaPer1X", "title": "Further Mathematics Paper 1: Pure" },
          "exam": {
            "id": "Ex4mFM2024",
            "name": "Further Mathematics Mock Exam (Summer 2024)",
            "resitCount": 0,
            "sourceTests": ["Tq9PaPer1X", "Tq9PaPer2Y"],
            "sectionGrades": [{ "id": "sFM1Pure01", "marks": { "points": 48, "maxPoints": 80, "credits": 0, "penalties": 0 } }],
            "userGroup": { "id": "Gy12FMaths", "name": "Year 12 Further Maths" }
          },
          "id": "Xa7Tq2LmN9p",
          "timeStarted": "2024-06-28T09:00:11.904Z",
          "timeCompleted": "2024-06-28T10:30:01.516Z",
          "timeSpentInMs": 5389612
        }
        """#
}
