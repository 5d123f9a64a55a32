extension SampleEvents {
    /// user.registered: the user's fields at the top level, no `meta`, no `portal`;
    /// `previousValues` empty (typed as required but undefined, §7.10).
    static let userRegistered = #"""
        {
          "name": "Ada Lovelace",
          "email": "ada@example.edu",
          "objectId": "7dNGUkKit2O",
          "subPortalId": "spLondon01",
          "usergroups": ["Gy12FMaths", "GallStudnt"],
          "timeRegistered": "2024-06-20T16:42:09.331Z",
          "customAttributes": { "team": "Analytical Engines", "employee-id": "AE-1815", "dob": "1815-12-10" },
          "preferences": { "locale": "en-GB" },
          "previousValues": {}
        }
        """#

    /// user.updated: name and a custom attribute changed.
    static let userUpdated = #"""
        {
          "objectId": "7dNGUkKit2O",
          "name": "Ada King, Countess of Lovelace",
          "email": "ada@example.edu",
          "timeRegistered": "2024-06-20T16:42:09.331Z",
          "usergroups": ["Gy12FMaths", "GallStudnt"],
          "customAttributes": { "favouriteSweet": "Bakewell tart" },
          "previousValues": {
            "name": "Ada Lovelace",
            "email": "ada@example.edu",
            "preferences": { "locale": "en-GB" },
            "customAttributes": { "favouriteSweet": "Treacle toffee" }
          }
        }
        """#

    /// user.addedToGroup: the top-level fields describe the group; `user` is the member added.
    static let userAddedToGroup = #"""
        {
          "portal": { "id": "9i0FAHIDOM" },
          "meta": { "timestamp": "2024-06-21T08:15:30.044Z" },
          "objectId": "Gy12FMaths",
          "name": "Year 12 Further Maths",
          "totalUsers": 28,
          "description": "Further Mathematics set, Year 12, 2023-24",
          "isDefaultGroup": false,
          "userType": "student",
          "moderators": [
            { "objectId": "Cb1791xEng", "name": "Charles Babbage" },
            { "objectId": "Mk2Hopper9", "name": "Mary Somerville" }
          ],
          "dateAdded": "2024-06-21T08:15:29.870Z",
          "user": {
            "id": "7dNGUkKit2O",
            "name": "Ada Lovelace",
            "email": "ada@example.edu",
            "customAttributes": { "team": "Analytical Engines", "employee-id": "AE-1815" }
          }
        }
        """#

    /// user.registeredForExam: ids are `objectId`; `userGroup` at the top level (by indentation;
    /// the brace count would put it under `exam`, §7.8).
    static let userRegisteredForExam = #"""
        {
          "user": {
            "id": "7dNGUkKit2O",
            "name": "Ada Lovelace",
            "email": "ada@example.edu",
            "customAttributes": { "team": "Analytical Engines", "candidate-number": 4127 }
          },
          "portal": { "id": "9i0FAHIDOM" },
          "meta": { "timestamp": "2024-06-21T08:15:31.508Z" },
          "exam": {
            "objectId": "Ex4mFM2024",
            "url": "https://academy.example.edu/exams/Ex4mFM2024",
            "name": "Further Mathematics Mock Exam (Summer 2024)",
            "schedule": { "openDate": "2024-06-28T08:30:00.000Z", "closeDate": "2024-06-28T12:00:00.000Z" }
          },
          "userGroup": { "objectId": "Gy12FMaths", "name": "Year 12 Further Maths" }
        }
        """#
}
