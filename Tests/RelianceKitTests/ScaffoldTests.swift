import Foundation
import Testing
@testable import RelianceKit

func writeCSV(_ header: [String], rows: [[String]] = []) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-\(UUID().uuidString).csv")
    let text = ([header] + rows).map { $0.joined(separator: ";") }.joined(separator: "\r\n") + "\r\n"
    try Data(text.utf8).write(to: url)
    return url.path
}

@Suite("Mapping scaffold (init)")
struct ScaffoldTests {
    static let english: [(String, String)] = [
        ("Customer ID", "id"), ("Salutation", "person.salutation"), ("Title", "person.title"), ("First Name", "person.foreName"),
        ("Last Name", "person.surName"), ("Street", "person.street"), ("House Number", "houseNumber"), ("Postal Code", "person.zip"),
        ("City", "person.city"), ("Country", "person.country"), ("Date of Birth", "person.birthDate"), ("Place of Birth", "person.birthPlace"),
        ("Country of Birth", "person.birthCountry"), ("Nationality", "person.nationality"), ("Email Address", "person.email"),
        ("Mobile Phone", "person.mobile"), ("Phone", "person.phonePriv"), ("ID Type", "person.idDocument.docType"),
        ("Document Number", "person.idDocument.documentNumber"), ("Issue Date", "person.idDocument.issueDate"),
        ("Expiry Date", "person.idDocument.expireDate"), ("Issuing Country", "person.idDocument.issueCountry"),
        ("KYC Provider", "person.customFields.KYC"), ("Verification Method", "person.verification.verificationMethod"),
        ("Verified At", "person.verification.approveTime"), ("Verification Updated", "person.verification.updateTime"),
        ("PEP", "person.compliance.pep"), ("PEP Checked", "person.compliance.pepChecked"), ("Sanctions", "person.compliance.sanction"),
        ("Sanctions Checked", "person.compliance.sanctionChecked"), ("Professional Client", "person.professional.isProfessional"),
        ("IBAN", "person.bankAccounts.iban"), ("BIC", "person.bankAccounts.bic"), ("Attachment", "events.file"),
        ("PEP Precheck", "person.precheckPep"), ("Last Modified", "modified"),
    ]

    static let german: [(String, String)] = [
        ("KdNr", "id"), ("Anrede", "person.salutation"), ("Akad. Titel", "person.title"), ("Vorname", "person.foreName"),
        ("Name", "person.surName"), ("Straße", "person.street"), ("Haus-Nr.", "houseNumber"), ("Postleitzahl", "person.zip"),
        ("Wohnort", "person.city"), ("Land", "person.country"), ("Geb.-Datum", "person.birthDate"), ("Geburtsort", "person.birthPlace"),
        ("Staatsangehörigkeit", "person.nationality"), ("eMail", "person.email"), ("Handy", "person.mobile"), ("Tel. privat", "person.phonePriv"),
        ("Ausweisart", "person.idDocument.docType"), ("Ausweis-Nr.", "person.idDocument.documentNumber"),
        ("Ausgestellt am", "person.idDocument.issueDate"), ("Gültig bis", "person.idDocument.expireDate"),
        ("Ausstellungsland", "person.idDocument.issueCountry"), ("Identifizierungsmethode", "person.verification.verificationMethod"),
        ("PEP", "person.compliance.pep"), ("PEP geprüft am", "person.compliance.pepChecked"), ("Sanktionsliste", "person.compliance.sanction"),
        ("Kontoinhaber", "person.bankAccounts.accountHolder"), ("IBAN", "person.bankAccounts.iban"), ("Kreditinstitut", "person.bankAccounts.bank"),
        ("Geaendert_am", "modified"), ("Ausweiskopie", "events.file"),
    ]

    @Test("English and German headers match the fields a person would choose", arguments: ["english", "german"])
    func matches(_ language: String) {
        let expected = language == "english" ? Self.english : Self.german
        let found = ColumnMatcher.match(header: expected.map(\.0))
        var right = 0
        for (column, path) in expected {
            if found[path]?.column == column { right += 1 } else { Issue.record("\(column) → \(path): got \(String(describing: found[path]))") }
        }
        #expect(right == expected.count)
    }

    @Test("tolerant matching: case, umlauts, separators, camel case, abbreviations, small misspellings", arguments: [
        ("GEBURTSDATUM", "Geburtsdatum", 1.0), ("geburts_datum", "Geburtsdatum", 1.0), ("Geb.Datum", "Geburtsdatum", 1.0),
        ("FirstName", "First Name", 1.0), ("Staatsangehoerigkeit", "Staatsangehörigkeit", 1.0), ("Geburtsdatun", "Geburtsdatum", 0.85),
    ])
    func tolerant(_ column: String, _ synonym: String, _ minimum: Double) {
        #expect(ColumnMatcher.score(column: column, synonym: synonym) >= minimum)
    }

    @Test("a scaffold proposes date formats and enum maps from the first rows")
    func proposals() throws {
        let path = try writeCSV(["Kundennr", "Geburtsdatum", "Ausweisart", "Ident_Methode"],
                                rows: [["1", "12.03.1985", "Personalausweis", "VideoIdent"], ["2", "1.4.1990", "Reisepass", "Video"]])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let yaml = try MappingScaffold.make(inputPath: path).yaml
        #expect(yaml.contains("birthDate: { column: Geburtsdatum, format: [dd.MM.yyyy, d.M.yyyy] }") || yaml.contains("birthDate: { column: Geburtsdatum, format: d.M.yyyy }"), "\(yaml)")
        #expect(yaml.contains("docType: { column: Ausweisart, map: { Personalausweis: IDCARD, Reisepass: PASSPORT } }"))
        #expect(yaml.contains("verificationMethod: { column: Ident_Methode, map: { VideoIdent: VIDEO } }"))
    }

    @Test("unmatched required fields are TODO, and convert refuses the mapping listing them")
    func todos() throws {
        let path = try writeCSV(["Kundennr", "Vorname", "Nachname"], rows: [["1", "Anna", "Muster"]])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scaffold = try MappingScaffold.make(inputPath: path)
        #expect(scaffold.yaml.contains("birthDate: TODO"))
        #expect(scaffold.todos.contains("person.birthDate"))
        #expect(!scaffold.todos.contains("person.foreName"))
        let mappingURL = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-\(UUID().uuidString).yaml")
        try Data(scaffold.yaml.utf8).write(to: mappingURL)
        defer { try? FileManager.default.removeItem(at: mappingURL) }
        do {
            _ = try MappingFile(path: mappingURL.path).bind(header: ["Kundennr", "Vorname", "Nachname"])
            Issue.record("a mapping with TODO must not bind")
        } catch {
            let messages = error.diagnostics.map(\.message)
            #expect(messages.contains("customer.person.birthDate is still TODO: map it to a column, a template or { const: … }"))
            // Every TODO the scaffold wrote, in any form ({ const: TODO } too), stops the mapping.
            let written = scaffold.yaml.split(separator: "\n").map { $0.split(separator: "#", omittingEmptySubsequences: false).first ?? "" }
                .map { $0.components(separatedBy: "TODO").count - 1 }.reduce(0, +)
            #expect(messages.filter { $0.contains("is still TODO") }.count == written)
            #expect(messages.contains { $0.contains("replace { const: TODO }") })
        }
    }

    @Test("dates: the format follows what the values show, ambiguous columns carry a check, other readings are kept", arguments: [
        (["12/07/1966", "03/04/1980"], "DMY", "format: \"dd/MM/yyyy\" }   # check: day and month cannot be told apart"),
        (["12/25/1966", "03/04/1980"], "MDY", "format: \"MM/dd/yyyy\" }\n"),
        (["25/12/1966", "03/04/1980"], "DMY", "format: \"dd/MM/yyyy\" }\n"),
        (["12/25/1966", "Jan 28, 1967"], "MDY", "format: [\"MM/dd/yyyy\", auto] }"),
        (["25/12/1966", "12/25/1966"], "DMY", "birthDate: \"Date of Birth\"   # check: the sample holds day-first and month-first dates"),
        (["1966-07-12", "Jan 28, 1967"], "DMY", "birthDate: \"Date of Birth\"\n"),
    ])
    func dateFormats(_ values: [String], _ order: String, _ line: String) throws {
        let path = try writeCSV(["Customer ID", "Date of Birth"], rows: values.enumerated().map { [String($0.offset + 1), $0.element] })
        defer { try? FileManager.default.removeItem(atPath: path) }
        let yaml = try MappingScaffold.make(inputPath: path).yaml
        #expect(yaml.contains("date_order: \(order)"), "\(yaml)")
        #expect(yaml.contains(line), "\(yaml.split(separator: "\n").filter { $0.contains("birthDate") })")
    }

    @Test("a format with auto reads its pattern first, then the built-in readings")
    func formatThenBuiltIn() throws {
        let reader = DateReader(order: .mdy, asOf: try #require(CivilDate(year: 2026, month: 1, day: 15)), zone: try #require(TimeZone(identifier: "Europe/Berlin")))
        let patterns = ["MM/dd/yyyy", "auto"].compactMap(DatePattern.init)
        #expect(try reader.readDate("12/07/1966", patterns: patterns, role: .birth).get().date == CivilDate(year: 1966, month: 12, day: 7))
        #expect(try reader.readDate("Jan 28, 1967", patterns: patterns, role: .birth).get().date == CivilDate(year: 1967, month: 1, day: 28))
        #expect((try? reader.readDate("Jan 28, 1967", patterns: [try #require(DatePattern("MM/dd/yyyy"))], role: .birth).get()) == nil,
                "without auto, a format reads only itself and ISO dates")
    }
}
