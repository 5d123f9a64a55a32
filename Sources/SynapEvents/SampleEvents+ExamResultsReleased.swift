extension SampleEvents {
    /// Exam Results Released. The page is [CUT] after `exam.userGroup.id`; `meta.eventName` carries
    /// our name for the undocumented code.
    static let examResultsReleased = #"""
        {
          "user": {
            "id": "7dNGUkKit2O",
            "name": "Ada Lovelace",
            "email": "ada@example.edu",
            "subPortalId": "spLondon01",
            "customAttributes": { "team": "Analytical Engines", "candidate-number": 4127, "access-arrangements": false, "pronouns": null }
          },
          "portal": { "id": "9i0FAHIDOM" },
          "meta": { "timestamp": "2024-07-05T08:00:03.662Z", "eventName": "exam.resultsReleased" },
          "attempt": {
            "score": 57,
            "scoreFrac": 0.7125,
            "totalAnsweredCorrectly": 10,
            "grade": { "label": "Merit", "isPass": true, "minScore": 55 },
            "gradeCriteria": {
              "grades": [
                { "label": "Distinction", "isPass": true, "minScore": 70 },
                { "label": "Merit", "isPass": true, "minScore": 55 },
                { "label": "Pass", "isPass": true, "minScore": 40 },
                { "label": "Fail", "isPass": false, "minScore": 0 }
              ]
            },
            "id": "Xa7Tq2LmN9p",
            "isExam": true,
            "state": {
              "responseQuestionMap": [["rE1x4mQ7aa", "qE9p2Lc4bb"], ["rE2k8Vn3cc", "qE3w6Hs1dd"]],
              "isRevoked": false,
              "isStarted": true,
              "instructions": {
                "isUnlocked": true,
                "didProgress": true,
                "timeStarted": "2024-06-28T08:58:40.019Z",
                "timeCompleted": "2024-06-28T09:00:11.880Z",
                "timeSpentInMs": 91861
              },
              "timeStarted": "2024-06-28T09:00:11.904Z",
              "timeCompleted": "2024-06-28T10:30:01.516Z",
              "timeSpentInMs": 5389612,
              "results": { "markingStatus": "completed", "pendingMarks": 0, "status": "released" },
              "deferred": { "locked": false }
            },
            "marks": { "maxPoints": 80, "credits": 0, "penalties": 0, "points": 57 },
            "totalQuestions": 12,
            "tags": {
              "nonFacetTags": ["mock"],
              "context": ["summer-series"],
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
            "timeSpentInMs": 5389612,
            "status": "completed",
            "examStatus": "released",
            "proctorStatus": null,
            "assignedModeratingMarkers": [{ "id": "Mk2Hopper9" }],
            "marker": { "id": "Cb1791xEng" },
            "audit": {
              "finalisedBy": "Cb1791xEng",
              "finalisedAt": "2024-07-01T14:05:40.002Z",
              "releasedBy": "Mk2Hopper9",
              "releasedAt": "2024-07-05T08:00:00.000Z"
            },
            "resitCount": 0
          },
          "test": { "id": "Tq9PaPer1X", "title": "Further Mathematics Paper 1: Pure" },
          "id": "Xa7Tq2LmN9p",
          "timeStarted": "2024-06-28T09:00:11.904Z",
          "timeCompleted": "2024-06-28T10:30:01.516Z",
          "timeSpentInMs": 5389612,
          "exam": {
            "id": "Ex4mFM2024",
            "name": "Further Mathematics Mock Exam (Summer 2024)",
            "attr": {
              "exam-weight": 0.4,
              "exam-group-id": "EGsummer24",
              "publish-exam-grade": true,
              "plagiarism-checker-enabled": false,
              "scoring-model": "raw",
              "qualification_name": "A-Level Further Mathematics",
              "cohort_number": "2024-07"
            },
            "resitCount": 0,
            "sourceTests": ["Tq9PaPer1X", "Tq9PaPer2Y"],
            "userGroup": { "id": "Gy12FMaths", "name": "Year 12 Further Maths" }
          }
        }
        """#
}
