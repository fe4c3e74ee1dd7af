/// What the studio's page shows, as the JSON its API answers with (docs/studio.md). Built by the
/// session from its rows and evaluation; plain values, so the server only encodes them.
package enum StudioViews {
    package struct Session: Encodable {
        package struct Input: Encodable {
            let path: String
            let name: String
            let format: String
            let encoding: String
            let delimiter: String?
            let sheets: [String]
            let sheet: String?
            let headerRow: Int
            package let rows: Int
            let columns: Int
        }

        package struct MappingState: Encodable {
            let path: String
            let exists: Bool
            let text: String
            let dirty: Bool
            let canUndo: Bool
            let canRedo: Bool
            let edits: Int
            let errors: [String]
        }

        package struct Fixed: Encodable {
            let path: String
        }

        package let input: Input
        let mapping: MappingState
        let fixed: Fixed
    }

    package struct Count: Encodable {
        let value: String
        let count: Int
    }

    package struct Sample: Encodable {
        let value: String
        let result: String?
        let finding: String?
    }

    package struct Proposal: Encodable {
        let path: String
        let why: String
        let confidence: Double
        let line: String?
        let check: String?
        let samples: [Sample]
    }

    package struct Column: Encodable {
        let index: Int
        let name: String
        let filled: Int
        let empty: Int
        let emptyShare: Double
        let top: [Count]
        let kind: String
        let formats: [String]
        var mappedTo: [String]
        /// The first of `proposals`; a column may be proposed for several fields (`phonePriv` of two
        /// columns, the KYC provider that is also the vendor).
        let proposal: Proposal?
        let proposals: [Proposal]
    }

    package struct Columns: Encodable {
        let columns: [Column]
    }

    package struct FieldLine: Encodable {
        let path: String
        let type: String
        let requirement: String
        let line: String?
        let editable: Bool
        let columns: [String]
        let values: [String]?
        let rejected: Int
        let warned: Int
    }

    package struct Fields: Encodable {
        let fields: [FieldLine]
    }

    package struct Candidate: Encodable {
        let format: String
        let read: Int
        let share: Double
        let examples: [String]
    }

    package struct Ambiguity: Encodable {
        let formats: [String]
        let deciding: [String]
    }

    package struct Dates: Encodable {
        let column: String
        let values: Int
        let candidates: [Candidate]
        let ambiguous: [Ambiguity]
    }

    package struct Value: Encodable {
        let value: String
        let count: Int
        let covered: Bool
        let result: String?
    }

    package struct Values: Encodable {
        let path: String
        let allowed: [String]?
        let values: [Value]
    }

    package struct Group: Encodable {
        let field: String
        let code: String
        let severity: String
        let count: Int
        let examples: [String]
    }

    package struct Change: Encodable {
        let converted: Int
        let newlyRejected: Int
        let newlyConverted: Int
    }

    package struct Rejects: Encodable {
        let rows: Int
        let converted: Int
        let rejected: Int
        let warned: Int
        let groups: [Group]
        let change: Change?
    }

    package struct DiffLine: Encodable {
        let op: String
        let text: String
    }

    package struct Row: Encodable {
        let row: Int
        let line: Int
        let first: Int
        let last: Int
        let mainJSON: String?
        let findings: [String]
        let diff: [DiffLine]?
    }

    package struct RejectedRow: Encodable {
        let row: Int
        let line: Int
        let cells: [String]
        let errors: String
    }

    package struct RejectedRows: Encodable {
        let header: [String]
        let total: Int
        let rows: [RejectedRow]
    }
}
