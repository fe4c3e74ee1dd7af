import Testing
@testable import RelianceKit

/// A rejected row is read again with its notes only when a note may explain one of its errors.
@Suite("Notes of rejected rows")
struct NoteReadingTests {
    static let variants: [[String: String]] = [
        ["Geburtsdatum": "31.02.1990"],                       // the normalizer's own error: no value, no note
        ["Geburtsdatum": "14.07.2010"],                       // too young: a rule on a rewritten date
        ["IBAN": "DE89 3704 0044 0532 0130 01"],              // checksum
        ["Ablauf": "01.01.2015"],                             // expired when verified: a rule
        ["PLZ": "1067x"],                                     // postal code: a rule
        ["Land": "Atlantis", "Telefon": "12345"],             // two normalizer errors
        ["Email": "anna(at)example.de", "Geburtsdatum": "1.1.10"],
        ["Nr": "47 11"],                                      // keys built from an id with a space
        ["Datei": "fehlt.pdf"],                               // attachment check
    ]

    @Test("when no note can explain an error the second reading is skipped; when one can, it is done", arguments: variants)
    func secondReading(_ changes: [String: String]) throws {
        let harness = try RowHarness()
        let cells = RowHarness.base.map { changes[$0.0] ?? $0.1 }
        let first = harness.pipeline.process(cells, keepNotes: false)
        let full = harness.pipeline.process(cells, keepNotes: true)
        #expect(first.isRejected && full.isRejected)
        // Apart from notes, both readings find the same.
        #expect(first.findings.filter { $0.severity != .note } == full.findings.filter { $0.severity != .note })
        #expect(!first.findings.contains { $0.severity == .note })
        let noted = Set(full.findings.filter { $0.severity == .note }.map(\.field))
        let explained = full.findings.contains { $0.severity == .error && noted.contains($0.field) }
        #expect(!explained || first.errorMayHaveNote, "an error with a note must be read again")
    }

    @Test("a too-young birth date is read again and keeps its note; an impossible date is not")
    func examples() throws {
        let harness = try RowHarness()
        func first(_ changes: [String: String]) -> RowPipeline.Outcome {
            harness.pipeline.process(RowHarness.base.map { changes[$0.0] ?? $0.1 }, keepNotes: false)
        }
        #expect(first(["Geburtsdatum": "14.07.2010"]).errorMayHaveNote)
        #expect(!first(["Geburtsdatum": "31.02.1990"]).errorMayHaveNote)
    }
}
