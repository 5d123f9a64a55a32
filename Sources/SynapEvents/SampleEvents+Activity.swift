extension SampleEvents {
    /// assignment.completed.
    static let assignmentCompleted = #"""
        {
          "user": {
            "id": "7dNGUkKit2O",
            "name": "Ada Lovelace",
            "email": "ada@example.edu",
            "customAttributes": { "age": 36 }
          },
          "portal": { "id": "9i0FAHIDOM" },
          "meta": { "timestamp": "2024-06-26T19:03:57.412Z" },
          "assignment": { "objectId": "As5Recur01", "name": "Week 6: Recurrence Relations", "status": "completed" },
          "assignmentGroup": { "objectId": "AgTerm3Y12", "name": "Summer Term Homework" }
        }
        """#

    /// flag.planted: no `meta`; the user is `planter`; test and question ids are `objectId`.
    static let flagPlanted = #"""
        {
          "portal": { "id": "9i0FAHIDOM" },
          "objectId": "Fl4gQ7vB2n",
          "planter": {
            "id": "7dNGUkKit2O",
            "name": "Ada Lovelace",
            "email": "ada@example.edu",
            "customAttributes": { "team": "Analytical Engines" }
          },
          "comment": "Option C and option D give the same value of B_4; I think one should be -1/30.",
          "createdAt": "2024-06-25T10:47:22.690Z",
          "question": {
            "objectId": "q6Ws3KvB8d",
            "stem": "Which of the following is the Bernoulli number B_4?",
            "url": "https://academy.example.edu/questions/q6Ws3KvB8d"
          },
          "test": { "objectId": "T5nB8vQe3Zr", "title": "Number Theory: Bernoulli Numbers (Practice Set 3)" }
        }
        """#

    /// Store Purchase (legacy): no `meta`; `user` has no `customAttributes`.
    static let storePurchase = #"""
        {
          "user": { "id": "7dNGUkKit2O", "name": "Ada Lovelace", "email": "ada@example.edu" },
          "portal": { "id": "9i0FAHIDOM" },
          "objectId": "St0reFMpk1",
          "title": "Further Maths Revision Pack",
          "unlockActions": [
            { "type": "collection", "targetId": "CoFMrev001" },
            { "type": "test", "targetId": "Tq9PaPer2Y" }
          ],
          "purchaseMethod": "credits",
          "shortDescription": "Two past papers and 120 practice questions on pure mathematics.",
          "purchasedAt": "2024-06-22T20:11:05.237Z"
        }
        """#

    /// learningRecord.created, after the page's example (ids, times and the score of 55 are its
    /// values; the custom attributes are all null there too).
    static let learningRecordCreated = #"""
        {
          "user": {
            "id": "7dNGUkKit2O",
            "name": "Ada Lovelace",
            "email": "ada@example.edu",
            "subPortalId": "spLondon01",
            "customAttributes": {
              "employee-id": null,
              "team": null,
              "quote": null,
              "dob": null,
              "last-certified-grade": null,
              "checker": null,
              "boxes": null
            }
          },
          "portal": { "id": "9i0FAHIDOM" },
          "meta": { "timestamp": "2024-06-25T11:15:15.587Z", "eventName": "learningRecord.created" },
          "learningRecord": {
            "objectId": "Lr8cPD2024",
            "name": "CPD: Safeguarding Refresher",
            "score": 55,
            "visibleToStudent": true,
            "achievedOn": "2024-06-03T23:00:00.000Z",
            "attr": {
              "grade": "c",
              "file": {
                "url": "https://synap-files-prod.s3.eu-west-1.amazonaws.com/learning-records/Lr8cPD2024/certificate.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20240625%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20240625T111515Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=3f1c0e5d9a7b",
                "name": "certificate.pdf"
              }
            }
          }
        }
        """#
}
