import Testing
@testable import RelianceKit

@Suite("Row plan")
struct RowPlanTests {
    /// Each object of `record` against the plan it was built by: no record holds more fields than
    /// its plan reserves room for. Returns how many records were compared.
    private func check(_ record: Record, _ plan: RowPlan, path: String) -> Int {
        #expect(record.fields.count <= plan.mostPresent, "\(path.isEmpty ? "customer" : path): \(record.fields.map(\.name))")
        var compared = 1
        for entry in plan.fields {
            switch record[entry.name] {
            case let .object(child)?:
                if let childPlan = entry.child { compared += check(child, childPlan, path: entry.path) }
            case let .list(items)?:
                // Items left out shift the rest: each record is held to the largest room of any item.
                let room = entry.items.map(\.plan.mostPresent).max() ?? 0
                for item in items {
                    #expect(item.fields.count <= room, "\(entry.path): \(item.fields.map(\.name))")
                    compared += 1
                }
            default:
                break
            }
        }
        return compared
    }

    @Test("a record reserves room for every field a row can give it, flags, keys and nulls included", arguments: [
        [:],
        ["Prof": "ja", "CO1A": "ja", "PC1A": "nein", "Bestaetigt": "ja", "Zugestimmt": "ja", "Ort_Unterschrift": "Köln",
         "Datum_Unterschrift": "01.02.2024", "Zeit_Unterschrift": "10:00", "Formular": "form.pdf", "PEP": "ja", "PEP_Treffer": "Minister",
         "PEP_Listen": "EU", "Sanktion": "ja", "Sanktion_Treffer": "Liste", "Sanktion_Listen": "UN"],
    ])
    func roomForEveryField(changes: [String: String]) throws {
        let harness = try RowHarness()
        let outcome = harness.run(changes)
        #expect(check(outcome.customer, harness.pipeline.evaluator.plan, path: "") > 5)
    }
}
