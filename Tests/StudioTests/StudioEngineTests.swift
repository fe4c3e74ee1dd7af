import Foundation
import RelianceKit
@testable import RelianceStudio
import Testing

/// What the page is shown comes from the converter's own engine: the same counts as `validate`,
/// the same row as `preview`, the same proposals as `init`.
struct StudioEngineTests {
    @Test func theRejectsEqualValidatesByFieldAndCode() throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        var options = fixture.convertOptions()
        options.writePackages = false
        let summary = try Converter.run(options)
        let rejects = fixture.json(fixture.get("/api/rejects"))
        #expect(rejects["rejected"] as? Int == summary.rejected)
        #expect(rejects["converted"] as? Int == summary.converted)
        var shown: [String: Int] = [:]
        for group in rejects["groups"] as? [[String: Any]] ?? [] where group["severity"] as? String == "error" {
            shown["\(group["field"] as? String ?? "") [\(group["code"] as? String ?? "")]"] = group["count"] as? Int
        }
        // validate's rejects.csv: each row's errors, `field [code] message`, joined by ` | `.
        let report = try String(contentsOfFile: options.outputDirectory + "/rejects.csv", encoding: .utf8)
        var counted: [String: Int] = [:]
        for line in report.split(separator: "\r\n").dropFirst() {
            var seen = Set<String>()
            for error in line.components(separatedBy: " | ") {
                guard let match = error.firstMatch(of: /([A-Za-z0-9_.\[\]]+) \[([a-z-]+)\]/) else { continue }
                let name = String(match.output.1).split(separator: ";").last.map(String.init) ?? ""
                if seen.insert("\(name) [\(match.output.2)]").inserted { counted["\(name) [\(match.output.2)]", default: 0] += 1 }
            }
        }
        #expect(shown == counted)
        #expect(summary.rejected > 5)
        // Each rejected row's errors read as in rejects.csv, with the notes that explain them.
        let grid = try #require(fixture.json(fixture.get("/api/rejected?limit=100"))["rows"] as? [[String: Any]])
        #expect(grid.count == summary.rejected)
        for row in grid {
            let errors = try #require(row["errors"] as? String)
            #expect(report.contains(errors.replacingOccurrences(of: "\"", with: "\"\"")), "row \(row["row"] ?? "")")
        }
        #expect(grid.contains { ($0["errors"] as? String)?.contains("(read ") == true })
    }

    @Test func everyRowIsShownAsPreviewPrintsIt() throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        var shown = 0
        for number in 2...62 {
            let row = fixture.json(fixture.get("/api/row?n=\(number)"))
            let preview = try RelianceKit.Preview.make(fixture.convertOptions(), row: number)
            #expect(row["mainJSON"] as? String == preview.mainJSON, "row \(number)")
            #expect(row["findings"] as? [String] == preview.findings, "row \(number)")
            if preview.mainJSON != nil { shown += 1 }
        }
        #expect(shown > 40)
    }

    @Test func theProposalsAreInitsLines() throws {
        let fixture = try StudioFixture(mappingText: nil)
        defer { fixture.remove() }
        let scaffold = try MappingScaffold.make(inputPath: fixture.input)
        #expect(fixture.session.text.text == scaffold.yaml)
        let columns = fixture.json(fixture.get("/api/columns"))["columns"] as? [[String: Any]] ?? []
        var proposed: [String: Set<String>] = [:]
        for column in columns {
            for proposal in column["proposals"] as? [[String: Any]] ?? [] {
                proposed[proposal["path"] as? String ?? "", default: []].insert(column["name"] as? String ?? "")
            }
        }
        for decision in scaffold.decisions {
            guard let column = decision.column else { continue }
            #expect(proposed[decision.path]?.contains(column) == true, "\(decision.path)")
        }
        let birth = try #require(columns.first { $0["name"] as? String == "Geburtsdatum" })
        let proposal = try #require(birth["proposal"] as? [String: Any])
        #expect(proposal["line"] as? String == "{ column: Geburtsdatum, format: [d.M.yyyy, dd.MM.yy] }")
        let samples = try #require(proposal["samples"] as? [[String: Any]])
        #expect(samples.count == 5)
        #expect(samples.allSatisfy { ($0["result"] as? String)?.wholeMatch(of: /\d{4}-\d\d-\d\d/) != nil })
        #expect(birth["kind"] as? String == "date")
    }

    @Test func aFormatChangeIsOneLineOfTheSavedFileAndRegroupsTheRejects() throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        let before = fixture.mappingOnDisk()
        let rejected = fixture.session.evaluation?.rejectedCount ?? 0
        let answer = fixture.post("/api/edit", #"{"path": "person.birthDate", "line": "{ column: Geburtsdatum, format: \"yyyy-MM-dd\" }"}"#)
        #expect(answer.status == 200)
        #expect((fixture.session.evaluation?.rejectedCount ?? 0) > rejected)
        let change = try #require(fixture.json(fixture.get("/api/rejects"))["change"] as? [String: Any])
        #expect(change["newlyRejected"] as? Int ?? 0 > 0)
        #expect(fixture.post("/api/save").status == 200)
        let after = fixture.mappingOnDisk()
        let old = before.split(separator: "\n", omittingEmptySubsequences: false)
        let new = after.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(old.count == new.count)
        let differing = zip(old, new).filter { $0 != $1 }
        #expect(differing.count == 1)
        #expect(differing.first?.1 == #"    birthDate: { column: Geburtsdatum, format: "yyyy-MM-dd" }"#)
        // The saved file is what validate then reads, with the same outcome.
        var options = fixture.convertOptions()
        options.writePackages = false
        #expect(try Converter.run(options).rejected == fixture.session.evaluation?.rejectedCount)
    }

    @Test func twentyEditsUndoneSaveTheOriginal() throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        let original = fixture.mappingOnDisk()
        let formats = ["dd.MM.yyyy", "d.M.yyyy", "yyyy-MM-dd", "dd.MM.yy"]
        for edit in 0..<20 {
            let path = ["person.birthDate", "person.idDocument.issueDate", "person.email", "settings.date_order"][edit % 4]
            let line = path == "person.email" ? (edit % 8 == 2 ? "Mobil" : "E-Mail")
                : path == "settings.date_order" ? (edit % 8 == 3 ? "MDY" : "DMY")
                : "{ column: \(path.hasSuffix("birthDate") ? "Geburtsdatum" : "Ausgestellt_am"), format: \"\(formats[edit % 4])\" }"
            #expect(fixture.post("/api/edit", #"{"path": "\#(path)", "line": "\#(line.replacingOccurrences(of: "\"", with: "\\\""))"}"#).status == 200)
        }
        #expect(fixture.session.edits > 10)
        while fixture.session.canUndo { #expect(fixture.post("/api/undo").status == 200) }
        #expect(fixture.post("/api/save").status == 200)
        #expect(fixture.mappingOnDisk() == original)
        #expect(fixture.session.canRedo)
    }

    /// Values normalized under one line are kept for the next evaluation (`MemoBank`), and only the
    /// rows an edited line reads differently are evaluated again: what every row becomes must still
    /// be what a fresh session makes of the final mapping.
    @Test func memosKeptAcrossEditsChangeNoOutcome() throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        let edits: [(String, String?)] = [
            ("person.birthDate", #"{ column: Geburtsdatum, format: "dd.MM.yyyy" }"#), ("person.email", "Mobil"),
            ("person.idDocument.docType", "{ column: Ausweisart, map: { Personalausweis: IDCARD } }"), ("settings.date_order", "MDY"),
            ("person.title", nil), ("person.birthDate", #"{ column: Geburtsdatum, format: ["d.M.yyyy", "yyyy-MM-dd"] }"#),
            ("settings.date_order", "DMY"), ("person.email", "E-Mail"), ("person.surName", "Vorname"),
        ]
        var evaluated: [Int] = []
        for (path, line) in edits {
            try fixture.session.edit(StudioApp.mappingPath(path), line: line)
            evaluated.append(fixture.session.lastEvaluated)
            _ = try fixture.session.save()
            let fresh = try StudioSession(fixture.session.options)
            #expect(fresh.evaluation?.findings == fixture.session.evaluation?.findings, "after \(path)")
            #expect(fresh.evaluation?.rejected == fixture.session.evaluation?.rejected, "after \(path)")
        }
        // A line edit evaluates only the rows it reads differently (a format list: the rows whose
        // dates it reads otherwise); an edit of the settings evaluates all.
        let rows = fixture.session.sessionView().input.rows
        #expect(evaluated[0] > 0 && evaluated[0] < rows)
        #expect(evaluated[2] < rows / 2)
        #expect(evaluated[3] == rows && evaluated[6] == rows)
    }

    @Test func aliasingOneDocumentTypeConvertsExactlyItsRows() throws {
        let fixture = try StudioFixture(export: { $0.replacingOccurrences(of: ";Reisepass;", with: ";Pass;") })
        defer { fixture.remove() }
        let evaluation = try #require(fixture.session.evaluation)
        let docType = evaluation.findings.indices.filter { evaluation.findings[$0].contains { $0.field == "person.idDocument.docType" && $0.severity == .error } }
        #expect(!docType.isEmpty)
        let values = fixture.json(fixture.get("/api/values?path=person.idDocument.docType"))
        let pass = (values["values"] as? [[String: Any]] ?? []).first { $0["value"] as? String == "Pass" }
        #expect(pass?["covered"] as? Bool == false)
        #expect(fixture.post("/api/alias", #"{"path": "person.idDocument.docType", "value": "Pass", "to": "PASSPORT"}"#).status == 200)
        let after = try #require(fixture.session.evaluation)
        let newlyConverted = Set(evaluation.rejected.indices.filter { evaluation.rejected[$0] && !after.rejected[$0] })
        let onlyDocType = Set(docType.filter { index in !evaluation.findings[index].contains { $0.severity == .error && $0.field != "person.idDocument.docType" } })
        #expect(newlyConverted == onlyDocType)
        #expect(fixture.session.text.entry("customer.person.idDocument.docType")?.value
            == "{ column: Ausweisart, map: { Personalausweis: IDCARD, Reisepass: PASSPORT, Pass: PASSPORT } }")
    }

    @Test func fixedRowsConvertWithAddAsAFedBackReport() throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        var options = fixture.convertOptions()
        _ = try Converter.run(options)
        let grid = fixture.json(fixture.get("/api/rejected?limit=50"))
        let rows = try #require(grid["rows"] as? [[String: Any]])
        let header = try #require(grid["header"] as? [String])
        let nationality = try #require(header.firstIndex(of: "Staatsangehoerigkeit"))
        let bad = try #require(rows.first { ($0["errors"] as? String ?? "").hasPrefix("person.nationality [unknown-country]") })
        var cells = try #require(bad["cells"] as? [String])
        cells[nationality] = "DE"
        let number = try #require(bad["row"] as? Int)
        let body = try JSONSerialization.data(withJSONObject: ["rows": [["row": number, "cells": cells]]])
        #expect(fixture.post("/api/fixed", String(decoding: body, as: UTF8.self)).status == 200)
        options.inputPath = fixture.folder + "/fixed.csv"
        let summary = try Converter.run(options)
        #expect(summary.addsToFolder)
        #expect(summary.converted == 1 && summary.rejected == 0)
    }

    @Test(arguments: ["input", "mapping"])
    func theFixedRowsNeverOverwriteTheExportOrTheMapping(_ target: String) throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        var options = fixture.session.options
        options.fixedPath = target == "input" ? fixture.folder + "/./kunden-export.csv" : fixture.mapping
        #expect(throws: ConvertError.self) { try StudioSession(options) }
        var sameMapping = fixture.session.options
        sameMapping.mappingPath = fixture.input
        #expect(throws: ConvertError.self) { try StudioSession(sameMapping) }
    }

    @Test func readingAgainTakesTheExportAsItIsNow() throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        let rows = fixture.session.sessionView().input.rows
        // The export saved anew without its last row, the one cut short (fixed at the source).
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: fixture.input)))
        while bytes.last == 0x0A { bytes.removeLast() }
        bytes.removeSubrange((bytes.lastIndex(of: 0x0A) ?? bytes.count)...)
        try Data(bytes + [0x0A]).write(to: URL(fileURLWithPath: fixture.input + ".new"))
        #expect(rename(fixture.input + ".new", fixture.input) == 0)
        #expect(fixture.post("/api/input", "{}").status == 200)
        #expect(fixture.session.sessionView().input.rows == rows - 1)
        #expect(fixture.session.lastEvaluated == rows - 1)
    }

    @Test func theHeaderRowIsWrittenIntoTheInputLine() throws {
        let fixture = try StudioFixture()
        defer { fixture.remove() }
        #expect(fixture.post("/api/input", #"{"headerRow": 1}"#).status == 200)
        #expect(fixture.session.text.entry("input")?.value == #"{ delimiter: ";", encoding: auto, header_row: 1 }"#)
        #expect(fixture.session.errors.isEmpty)
    }
}
