import Testing
@testable import RelianceKit

/// A rejected row is read once: what normalizers rewrote is logged while it is read, and the
/// notes on the fields it has errors on (which `rejects.csv` and `report.html` add to those
/// errors) are built from the log only when the row is rejected.
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
        ["Weitere": "AT,, Frankreich ,Atlantis"],             // rewritten and refused values of one array, by position
    ]

    @Test("a rejected row read once holds the same errors, and the same notes on its errors' fields, as a row read with every note kept",
          arguments: variants)
    func oneReading(_ changes: [String: String]) throws {
        let harness = try RowHarness()
        let cells = RowHarness.base.map { changes[$0.0] ?? $0.1 }
        let once = harness.pipeline.process(cells, notes: .ifRejected)
        let full = harness.pipeline.process(cells, notes: .all)
        #expect(once.isRejected && full.isRejected)
        #expect(once.problems == full.problems)
        let errorFields = Set(full.findings.filter { $0.severity == .error }.map(\.field))
        func notes(_ outcome: RowPipeline.Outcome) -> [String] {
            outcome.findings.filter { $0.severity == .note && errorFields.contains($0.field) }.map { "\($0.field) \($0.raw ?? "") \($0.message)" }
        }
        #expect(notes(once) == notes(full))
        #expect(once.findings.filter { $0.severity == .note }.count == notes(once).count)
        #expect(RejectsWriter.errors(once.findings) == RejectsWriter.errors(full.findings))
    }

    @Test("the errors of a too-young birth date and an expired document say how their dates were read")
    func explained() throws {
        let harness = try RowHarness()
        let outcome = harness.pipeline.process(RowHarness.base.map { ["Geburtsdatum": "14.07.2010", "Ablauf": "01.01.2015"][$0.0] ?? $0.1 },
                                               notes: .ifRejected)
        let errors = RejectsWriter.errors(outcome.findings)
        #expect(errors.contains("(read \"14.07.2010\" as 2010-07-14)"))
        #expect(errors.contains("(read \"01.01.2015\" as 2015-01-01)"))
    }

    @Test("the notes of an array's values name their positions")
    func positions() throws {
        let harness = try RowHarness()
        let outcome = harness.run(["Weitere": "AT,, Frankreich ,Atlantis", "Geburtsdatum": "14.07.2010"])
        let logged = harness.pipeline.process(RowHarness.base.map { ["Weitere": "AT,, Frankreich ,Atlantis"][$0.0] ?? $0.1 }, notes: .ifRejected)
        let field = try #require(outcome.findings.first { $0.severity == .note && $0.raw == " Frankreich " }?.field)
        #expect(field.hasSuffix("[3]"))
        // Logged at the array's path, the note is placed at the value's position; only an error
        // on that position would make the row keep it.
        #expect(harness.pipeline.evaluator.noteLog.entries.contains { $0.raw == " Frankreich " && $0.position == 3 })
        #expect(!logged.findings.contains { $0.severity == .note })
    }

    @Test("a row that converts counts its notes in the value memos and holds none")
    func converted() throws {
        let harness = try RowHarness()
        let outcome = harness.pipeline.process(RowHarness.base.map(\.1), notes: .ifRejected)
        #expect(!outcome.isRejected)
        #expect(!outcome.findings.contains { $0.severity == .note })
        #expect(harness.pipeline.evaluator.plan.rewrittenCounts().contains { $0.path == "person.birthDate" && $0.count == 1 })
    }

    @Test("preparing a rejected row evaluates it once: every value memo is asked as often as for one reading", arguments: variants)
    func evaluatedOnce(_ changes: [String: String]) throws {
        let cells = RowHarness.base.map { changes[$0.0] ?? $0.1 }
        let single = try RowHarness()
        _ = single.pipeline.process(cells, notes: .ifRejected)
        let prepared = try RowHarness()
        let rows = BatchPreparation.prepare([InputRow(number: 2, line: 2, cells: cells, problems: [])], pipelines: [prepared.pipeline],
                                            packagesIn: nil)
        #expect(rows.first?.findings.contains { $0.severity == .error } == true)
        #expect(NoteReadingTests.lookups(prepared.pipeline.evaluator.plan) == NoteReadingTests.lookups(single.pipeline.evaluator.plan))
        #expect(NoteReadingTests.lookups(single.pipeline.evaluator.plan) > 0)
    }

    /// How often the plan's value memos were asked, over every field.
    static func lookups(_ plan: RowPlan) -> Int {
        plan.fields.reduce(0) { total, entry in
            total + entry.memos.reduce(0) { $0 + $1.lookups } + (entry.child.map(lookups) ?? 0)
                + entry.items.reduce(0) { $0 + lookups($1.plan) }
        }
    }
}
