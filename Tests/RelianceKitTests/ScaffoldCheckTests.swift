import Foundation
import Testing
@testable import RelianceKit

/// Writes `text` as a file of its own and returns its path; `bytes` wins when given.
func writeExport(_ text: String, bytes: [UInt8]? = nil, ext: String = "csv") throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-\(UUID().uuidString).\(ext)")
    try Data(bytes ?? Array(text.utf8)).write(to: url)
    return url.path
}

/// The scaffold's line for a field (`  mobile: …`), or an empty string.
func line(_ yaml: String, _ key: String) -> String {
    yaml.split(separator: "\n").map(String.init).first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key + ":") } ?? ""
}

/// A line whose values look wrong for its field is written with `# check` and the reason.
@Suite("init marks what looks wrong")
struct ScaffoldCheckTests {
    @Test("German national numbers of customers abroad: no per-row phone country, the default with a check naming them")
    func phoneCountryContradicted() throws {
        let path = try writeExport("""
        Kundennr;Vorname;Nachname;Land;Mobil
        1;Anna;Muster;DE;0151 23456789
        2;Beat;Meier;CH;0151 53219270
        3;Carla;Rossi;CH;079 123 45 67
        4;Dora;Huber;DE;0170 1234567

        """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let yaml = try MappingScaffold.make(inputPath: path).yaml
        let phone = line(yaml, "phone_country")
        #expect(!phone.hasPrefix("  phone_country: address"), "\(phone)")
        #expect(phone.contains("# check") && phone.contains("0151 53219270"), "\(phone)")
    }

    @Test("an account name that is no person's name gives way to the name columns, with a check")
    func accountHolderNotAPerson() throws {
        let path = try writeExport("""
        Contact ID,First Name,Last Name,Account Name,IBAN
        1,Anna,Muster,Private Clients,DE89370400440532013000
        2,Beat,Meier,Private Clients,DE89370400440532013000
        3,Carla,Rossi,Rossi Household,DE89370400440532013000

        """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let yaml = try MappingScaffold.make(inputPath: path).yaml
        let bank = yaml.split(separator: "\n").first { $0.contains("accountHolder") }.map(String.init) ?? ""
        #expect(bank.contains("accountHolder: \"{Last Name}, {First Name}\""), "\(bank)")
        #expect(bank.contains("# check") && bank.contains("Private Clients"), "\(bank)")
    }

    @Test("a title column of job titles is not mapped to title unmarked")
    func jobTitles() throws {
        let path = try writeExport("""
        Contact ID,Salutation,First Name,Last Name,Title
        1,Mr.,Anna,Muster,Sales Manager
        2,Dr.,Beat,Meier,Head of IT
        3,Ms.,Carla,Rossi,CFO

        """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let yaml = try MappingScaffold.make(inputPath: path).yaml
        let title = line(yaml, "title")
        #expect(title.isEmpty || title.contains("# check"), "\(title)")
        #expect(!title.contains("title: Title"), "\(title)")
    }

    @Test("salutation codes get the usual aliases, marked for a check")
    func salutationCodes() throws {
        let path = try writeExport("""
        Kundennr;Anrede;Vorname;Nachname
        1;1;Hans;Muster
        2;2;Anna;Muster
        3;1;Beat;Meier

        """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let salutation = line(try MappingScaffold.make(inputPath: path).yaml, "salutation")
        #expect(salutation.contains("\"1\": Herr") && salutation.contains("\"2\": Frau"), "\(salutation)")
        #expect(salutation.contains("# check"), "\(salutation)")
    }

    @Test("codes are read from a column of the same rows that says Herr or Frau, before any convention")
    func salutationCodesFromLetters() throws {
        let path = try writeExport("""
        Kundennr;Anrede;Briefanrede;Vorname;Nachname
        1;1;Sehr geehrte Frau Muster;Anna;Muster
        2;2;Sehr geehrter Herr Meier;Beat;Meier
        3;1;Sehr geehrte Frau Rossi;Carla;Rossi

        """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let salutation = line(try MappingScaffold.make(inputPath: path).yaml, "salutation")
        #expect(salutation.contains("\"1\": Frau") && salutation.contains("\"2\": Herr"), "\(salutation)")
        #expect(salutation.contains("# check") && salutation.contains("Briefanrede"), "\(salutation)")
    }

    @Test("yes/no spellings are read by their words and marked; not checked is never no")
    func booleanWords() throws {
        let path = try writeExport("Kundennr;Sanktionstreffer;PEP\n1;kein Treffer;nein\n2;nein;unbekannt\n3;Treffer;nein\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let yaml = try MappingScaffold.make(inputPath: path).yaml
        let sanction = line(yaml, "sanction")
        #expect(sanction.contains("\"kein Treffer\": nein") && sanction.contains("Treffer: ja") && sanction.contains("# check"), "\(sanction)")
        let pep = line(yaml, "pep")
        #expect(!pep.contains("unbekannt\":") && pep.contains("# check") && pep.contains("unbekannt"), "\(pep)")
    }

    @Test("a method table that leaves values unmatched lists them", arguments: [
        ("eSignatur (QES)", "QES"), ("Video-Ident (IDnow)", "VIDEO"),
    ])
    func methodTable(_ value: String, _ expected: String) throws {
        let path = try writeExport("Kundennr;Identifizierungsverfahren\n1;\(value)\n2;Postident Filiale\n3;Videoident\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let method = line(try MappingScaffold.make(inputPath: path).yaml, "verificationMethod")
        #expect(method.contains("\"\(value)\": \(expected)"), "\(method)")
        #expect(method.contains("# check") && method.contains("Postident Filiale"), "\(method)")
    }

    @Test("columns of the CRMs and ERPs migration teams export from are matched", arguments: [
        ("Contact ID", "id"), ("Ident am", "person.verification.approveTime"), ("Verified On", "person.verification.approveTime"),
        ("Legitimiert am", "person.verification.approveTime"), ("Identifizierungsverfahren", "person.verification.verificationMethod"),
        ("Prof. Kunde", "person.professional.isProfessional"), ("Mailing Street", "person.street"),
        ("Mailing Zip/Postal Code", "person.zip"), ("Mailing City", "person.city"), ("Mailing Country", "person.country"),
        ("Birthdate", "person.birthDate"), ("Address 1: Street 1", "person.street"), ("Address 1: ZIP/Postal Code", "person.zip"),
        ("Address 1: City", "person.city"), ("Address 1: Country/Region", "person.country"), ("Postleitzahl", "person.zip"),
        ("IBAN-Nr. 1", "person.bankAccounts.iban"), ("SWIFT-Code 1", "person.bankAccounts.bic"), ("Bankbezeichnung 1", "person.bankAccounts.bank"),
        ("Abw. Kontoinhaber 1", "person.bankAccounts.accountHolder"), ("Konto", "id"),
        ("Debitor", "id"), ("Geschäftspartner", "id"), ("Record ID", "id"), ("Mobile Phone Number", "person.mobile"),
        ("Date of birth", "person.birthDate"), ("Country/Region", "person.country"), ("Street 1", "person.street"),
    ])
    func synonyms(_ column: String, _ path: String) {
        #expect(ColumnMatcher.match(header: ["Unrelated", column])[path]?.column == column)
    }
}
