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
            #expect(messages.filter { $0.contains("is still TODO") }.count == scaffold.todos.count)
        }
    }
}
