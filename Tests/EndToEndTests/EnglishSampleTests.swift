import Foundation
import RelianceKit
import TestSupport
import Testing

/// `init` on an export no one here wrote (`samples/crm-export-en.csv`, English CRM vocabulary,
/// comma, US dates, customers in five countries; and its workbook form with an Info sheet and a
/// title block): every line it writes is right or asks for a check, and the mapping converts
/// every customer without a single wrong date (`scripts/make-english-sample.py` records the truth).
@Suite("init on an English export", .serialized)
struct EnglishSampleTests {
    typealias E2E = SampleConversionTests

    /// The field each column belongs to, as a person who knows the CRM would map it.
    static let answers: [String: String] = [
        "id": "Customer ID", "modified": "Last Modified", "person.precheckPep": "PEP Precheck", "person.salutation": "Salutation",
        "person.title": "Title", "person.foreName": "First Name", "middleName": "Middle Name", "person.surName": "Last Name",
        "person.street": "Street", "houseNumber": "House Number", "person.zip": "ZIP Code", "person.city": "City",
        "person.country": "Country", "person.birthDate": "Date of Birth", "person.birthPlace": "Place of Birth",
        "person.birthCountry": "Country of Birth", "person.nationality": "Nationality", "person.furtherNationalities": "Second Citizenship",
        "person.email": "Email Address", "person.phonePriv": "Phone", "person.mobile": "Mobile Phone",
        "person.customFields.KYC": "KYC Provider", "person.verification.vendor": "KYC Provider",
        "person.verification.verificationMethod": "KYC Method", "person.idDocument.docType": "ID Type",
        "person.idDocument.documentNumber": "Document Number", "person.idDocument.issueCountry": "Issuing Country",
        "person.idDocument.issueDate": "Issue Date", "person.idDocument.expireDate": "Expiry Date",
        "person.verification.approveTime": "Verified At", "person.verification.updateTime": "Verification Updated",
        "person.compliance.pep": "PEP", "person.compliance.pepChecked": "PEP Checked", "person.compliance.pepHit": "PEP Hit Details",
        "person.compliance.sanction": "Sanctions", "person.compliance.sanctionChecked": "Sanctions Checked",
        "person.compliance.sanctionHit": "Sanctions Hit Details", "person.professional.isProfessional": "Professional Client",
        "person.bankAccounts.iban": "IBAN", "person.bankAccounts.bic": "BIC", "person.bankAccounts.bank": "Bank Name",
        "events.file": "ID Scan",
    ]

    static let questionColumns: Set<String> = ["Risk Tolerance", "Investment Experience"]

    static func checkLines(_ scaffold: MappingScaffold) {
        let lines = scaffold.yaml.split(separator: "\n").map(String.init)
        for decision in scaffold.decisions {
            guard let column = decision.column else {
                Issue.record("\(decision.path) is TODO although the export has a column for it")
                continue
            }
            if decision.path == "investmentSurveys.question" {
                #expect(questionColumns.contains(column), "\(column) is no question column")
                continue
            }
            if answers[decision.path] == column { continue }
            // A wrong match is allowed only where the line asks a person to check it.
            let line = lines.first { $0.contains("\"\(column)\"") || $0.contains(" \(column)") }
            #expect(line?.contains("# check") == true, "\(decision.path) ← \(column) is wrong and unmarked: \(line ?? "no line")")
        }
        let matched = Set(scaffold.decisions.map(\.path))
        for path in answers.keys where !matched.contains(path) {
            Issue.record("\(path) has a column (\(answers[path] ?? "")) but init did not map it")
        }
    }

    /// Converts `input` with `yaml` and holds every customer's dates to the recorded truth.
    static func convertAndCheckDates(_ input: String, yaml: String) throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("english-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let todos = yaml.split(separator: "\n").filter { ($0.split(separator: "#", omittingEmptySubsequences: false).first ?? "").contains("TODO") }
        #expect(todos.isEmpty, "the scaffold left TODOs for this export: \(todos)")
        let mapping = work.appendingPathComponent("mapping.yaml")
        try Data(yaml.utf8).write(to: mapping)
        let run = try E2E.convert(input: input, mapping: mapping.path, out: work.appendingPathComponent("out"),
                                  extra: ["--attachments", E2E.packageRoot.appendingPathComponent("samples/attachments-en").path])
        #expect(run.status == 0, "\(run.stderr)")
        let truthURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/crm-export-en.truth.json")
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: truthURL)) as? [String: [String: String]] ?? [:]
        #expect(truth.count == 24)
        var compared = 0
        for (key, dates) in truth {
            let main = try unzipEntry(run.out.appendingPathComponent("\(key).zip"), "main.json")
            let object = try JSONSerialization.jsonObject(with: main) as? [String: Any]
            let person = ((object?["customers"] as? [[String: Any]])?.first?["person"] as? [String: Any]) ?? [:]
            let document = person["idDocument"] as? [String: Any] ?? [:]
            let verification = person["verification"] as? [String: Any] ?? [:]
            #expect(person["birthDate"] as? String == dates["birthDate"], "\(key) birthDate")
            #expect(document["issueDate"] as? String == dates["issueDate"], "\(key) issueDate")
            #expect(document["expireDate"] as? String == dates["expireDate"], "\(key) expireDate")
            #expect(verification["approveTime"] as? String == dates["approveTime"], "\(key) approveTime")
            compared += 1
        }
        #expect(compared == 24)
    }

    @Test("the CSV: every line right or marked, and every date right after converting")
    func csv() throws {
        let input = E2E.packageRoot.appendingPathComponent("samples/crm-export-en.csv").path
        let scaffold = try MappingScaffold.make(inputPath: input)
        Self.checkLines(scaffold)
        #expect(scaffold.yaml.contains("date_order: MDY"))
        #expect(scaffold.yaml.contains("phone_country: address"))
        #expect(scaffold.yaml.contains("#   Account Manager"), "unmatched columns are listed")
        try Self.convertAndCheckDates("samples/crm-export-en.csv", yaml: scaffold.yaml)
    }

    @Test("the workbook: the sheet chosen, the title block skipped, the same dates")
    func workbook() throws {
        let input = E2E.packageRoot.appendingPathComponent("samples/crm-export-en.xlsx").path
        let scaffold = try MappingScaffold.make(inputPath: input, sheet: "Customers")
        #expect(scaffold.sheets == ["Info", "Customers"] && scaffold.headerRow == 3)
        #expect(scaffold.yaml.contains("input: { sheet: \"Customers\", header_row: 3 }"))
        Self.checkLines(scaffold)
        try Self.convertAndCheckDates("samples/crm-export-en.xlsx", yaml: scaffold.yaml)
    }
}
