extension SampleEvents {
    /// exam.completed after marking: grade, certificate, and `userGroup` at the top level (§7.3).
    static let examCompleted = #"""
        {
          "user": {
            "id": "7dNGUkKit2O",
            "name": "Ada Lovelace",
            "email": "ada@example.edu",
            "customAttributes": { "team": "Analytical Engines", "candidate-number": 4127 }
          },
          "portal": { "id": "9i0FAHIDOM" },
          "meta": { "timestamp": "2024-07-01T14:05:44.129Z" },
          "attempt": {
            "score": 57,
            "scoreFrac": 0.7125,
            "totalAnsweredCorrectly": 10,
            "grade": { "label": "Merit", "minScore": 55, "isPass": true },
            "gradeCriteria": {
              "grades": [
                { "label": "Distinction", "minScore": 70, "isPass": true },
                { "label": "Merit", "minScore": 55, "isPass": true },
                { "label": "Pass", "minScore": 40, "isPass": true },
                { "label": "Fail", "minScore": 0, "isPass": false }
              ]
            },
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
                    "marks": { "points": 57, "maxPoints": 80, "credits": 0, "penalties": 0 },
                    "timeStarted": "2024-06-28T09:00:11.904Z",
                    "timeCompleted": "2024-06-28T10:30:01.516Z",
                    "timeSpentInMs": 5389612,
                    "score": 57,
                    "scoreFrac": 0.7125,
                    "totalCorrect": 10
                  }
                ]
              },
              "timeStarted": "2024-06-28T09:00:11.904Z",
              "timeCompleted": "2024-06-28T10:30:01.516Z",
              "timeSpentInMs": 5389612,
              "results": { "markingStatus": "completed", "pendingMarks": 0, "status": "complete" },
              "deferred": { "locked": false }
            },
            "marks": { "points": 57, "maxPoints": 80, "credits": 0, "penalties": 0 },
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
            "sectionGrades": [{ "id": "sFM1Pure01", "marks": { "points": 57, "maxPoints": 80, "credits": 0, "penalties": 0 } }]
          },
          "id": "Xa7Tq2LmN9p",
          "timeStarted": "2024-06-28T09:00:11.904Z",
          "timeCompleted": "2024-06-28T10:30:01.516Z",
          "timeSpentInMs": 5389612,
          "certificate": {
            "url": "https://academy.example.edu/certificates/Rz8wK1mPq4",
            "certificatePdfPath": "certificates/9i0FAHIDOM/Rz8wK1mPq4.pdf"
          },
          "userGroup": { "id": "Gy12FMaths", "name": "Year 12 Further Maths" }
        }
        """#
}
