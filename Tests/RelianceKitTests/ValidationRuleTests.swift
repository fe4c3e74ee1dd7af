import Testing
@testable import RelianceKit

@Suite("Validation rules")
struct ValidationRuleTests {
    let harness: RowHarness

    init() throws {
        harness = try RowHarness()
    }

    @Test("generated keys: prefix, id and item number, joined by underscores", arguments: [
        ("CUST", "1000000", nil, "CUST_1000000"),
        ("BA", "K-7", 1, "BA_K-7_1"),
        ("ATT", "42", 10, "ATT_42_10"),
        ("INVST", "Müller", 1234, "INVST_Müller_1234"),
        ("PERS", "x", 0, "PERS_x_0"),
    ] as [(String, String, Int?, String)])
    func generatedKeys(prefix: String, id: String, index: Int?, expected: String) {
        #expect(RowEvaluator.key(prefix, id, index) == expected)
    }

    @Test("the base row passes every rule")
    func basePasses() {
        let outcome = harness.run()
        #expect(outcome.problems == [])
        #expect(outcome.files.map(\.entryName) == ["ausweis.pdf"])
    }

    @Test("each rule rejects its failing case", arguments: [
        (["Vorname": ""], FindingCode.missingValue),
        (["Geburtsdatum": "31.02.1990"], .invalidDate),
        (["Geburtsdatum": "01.02.2027"], .futureDate),
        (["Geburtsdatum": "16.01.2008"], .tooYoung),
        (["Nationalitaet": "Atlantis"], .unknownCountry),
        (["Weitere": "AT, Narnia"], .unknownCountry),
        (["Ausweisland": "XX"], .unknownCountry),
        (["Land": "Mordor"], .unknownCountry),
        (["Ausweisart": "Fuehrerschein"], .unknownDocType),
        (["Ablauf": "01.05.2019"], .expireBeforeIssue),
        (["Ausgestellt": "01.01.2014", "Ablauf": "01.01.2024"], .expiredWhenVerified),
        (["Methode": "Telefon"], .unknownVerificationMethod),
        (["KYC": "ACME"], .unknownVendor),
        (["Aktualisiert": "02.11.2024 14:00"], .updateBeforeApprove),
        (["Freigabe": "02.11.2026 14:05", "Aktualisiert": "02.11.2026 14:10"], .futureDate),
        (["PEP": ""], .missingValue),
        (["PEP": "ja"], .pepDetailsMissing),
        (["Sanktion": "ja", "Sanktion_Treffer": "EU"], .sanctionDetailsMissing),
        (["Prof": "ja"], .professionalIncomplete),
        (["KYC": ""], .missingValue),
        (["AE1": ""], .missingSurvey),
        (["Datei": "fehlt.pdf"], .attachmentMissing),
        (["Datei": "../etc/passwd"], .attachmentOutside),
        (["Datei": "/etc/passwd"], .attachmentOutside),
        (["Datei": "outside.pdf"], .attachmentOutside),
        (["Datei": "sub"], .attachmentNotFile),
        (["IBAN": "DE89370400440532013001"], .invalidIBAN),
        (["IBAN": "", "BIC": "COBADEFFXXX"], .missingIBAN),
        (["BIC": "COBAXXFF"], .invalidBIC),
        (["Email": "anna@"], .invalidEmail),
        (["Telefon": "+49 351 12a456"], .invalidPhone),
        (["PLZ": "1067O"], .invalidPostalCode),
        (["Nr": "47/11"], .invalidKey),
        (["Nr": ""], .missingValue),
    ] as [([String: String], FindingCode)])
    func ruleFails(_ changes: [String: String], _ code: FindingCode) {
        let codes = harness.errorCodes(changes)
        #expect(codes.contains(code), "got \(codes)")
    }

    @Test("all errors of a row are collected, not only the first")
    func collectsAll() {
        let codes = harness.errorCodes(["Geburtsdatum": "31.02.1990", "Nationalitaet": "Atlantis", "IBAN": "DE00", "Email": "x"])
        #expect(Set(codes) == [.invalidDate, .unknownCountry, .invalidIBAN, .invalidEmail])
    }

    @Test("each error names the field and keeps the raw value")
    func errorsNameFieldAndRaw() throws {
        let finding = try #require(harness.run(["Geburtsdatum": "31.02.1990"]).problems.first)
        #expect(finding.field == "person.birthDate")
        #expect(finding.raw == "31.02.1990")
        #expect(finding.description == "person.birthDate [invalid-date] \"31.02.1990\" is not a date in the calendar")
    }

    @Test("a PEP with hit and lists passes")
    func pepWithDetails() {
        #expect(harness.errorCodes(["PEP": "ja", "PEP_Treffer": "Abgeordneter", "PEP_Listen": "EU-PEP, DE"]) == [])
    }

    @Test("a complete professional client passes; declarations and criteria are checked")
    func professional() {
        let complete = ["Prof": "ja", "CO1A": "x", "Bestaetigt": "ja", "Zugestimmt": "ja", "Ort_Unterschrift": "Dresden",
                        "Datum_Unterschrift": "01.11.2024", "Zeit_Unterschrift": "01.11.2024 10:00", "Formular": "v2"]
        #expect(harness.errorCodes(complete) == [])
        var noDeclaration = complete
        noDeclaration["Zugestimmt"] = "nein"
        #expect(harness.errorCodes(noDeclaration) == [.declarationNotGiven])
        var noCriterion = complete
        noCriterion["CO1A"] = ""
        #expect(harness.errorCodes(noCriterion) == [.noClassificationCriterion])
    }

    @Test("a non-professional client sends only the flag and warns about details given")
    func nonProfessional() throws {
        let outcome = harness.run(["CO1A": "ja"])
        #expect(outcome.problems.map(\.code) == [.professionalDetailsIgnored])
        let professional = try #require(outcome.customer.record("person")?.record("professional"))
        #expect(professional.fields.map(\.name) == ["isProfessional"])
    }

    @Test("objects nothing maps are evaluated once and shared, and every row's rules still read them")
    func constantObjects() throws {
        // Only the flag of `professional` is mapped: its classification, declarations, signature
        // and meta are the same for every row.
        var lines = try fullMapping().components(separatedBy: "\n")
        lines.removeAll { line in
            ["classification:", "company_based:", "regulated:", "private_client:", "declarations:", "signature:", "meta:"]
                .contains { line.trimmingCharacters(in: .whitespaces).hasPrefix($0) }
        }
        let mapping = try bindMapping(lines.joined(separator: "\n"), header: fullHeader)
        let evaluator = RowEvaluator(mapping: mapping, normalizer: Normalizer(settings: mapping.settings, asOf: CivilDate(year: 2026, month: 1, day: 15)!))
        let person = try #require(evaluator.plan.fields.first { $0.name == "person" }?.child)
        let professional = try #require(person.fields.first { $0.name == "professional" }?.child)
        #expect(!professional.isConstant)
        #expect(professional.fields.filter { $0.child?.constant != nil }.map(\.name) == ["classification", "declarations", "signature", "meta"])
        // The customer's own objects hold keys and timestamps built from the row: never shared.
        #expect(!person.isConstant && person.constant == nil)

        let pipeline = RowPipeline(mapping: mapping, asOf: CivilDate(year: 2026, month: 1, day: 15)!,
                                   now: CivilDateTime(date: CivilDate(year: 2026, month: 1, day: 15)!, hour: 8, minute: 0, second: 0)!,
                                   attachmentsFolder: harness.folder.path)
        let row = { (prof: String) in RowHarness.base.map { $0.0 == "Prof" ? prof : $0.1 } }
        let professionalRow = pipeline.process(row("ja"))
        #expect(Set(professionalRow.problems.filter { $0.severity == .error }.map(\.code)) == [.professionalIncomplete, .noClassificationCriterion])
        #expect(professionalRow.problems.contains { $0.field == "person.professional.signature.place" })
        // A client who is not professional, after and before one who is: only the flag, no warning.
        for _ in 0..<2 {
            let plain = pipeline.process(row("nein"))
            #expect(plain.problems.filter { $0.severity != .note }.isEmpty)
            #expect(plain.customer.record("person")?.record("professional")?.fields.map(\.name) == ["isProfessional"])
            _ = pipeline.process(row("ja"))
        }
        let shared = try #require(professional.fields.first { $0.name == "classification" }?.child?.constant)
        #expect(shared.record("private_client")?.bool("PC-1A") == false)
    }

    @Test("a document expired at the as-of date is a warning by default and an error when the mapping says so")
    func expiredDocument() throws {
        let changes = ["Ausgestellt": "01.01.2015", "Ablauf": "01.01.2026"]
        let warned = harness.run(changes).problems
        #expect(warned.map(\.code) == [.documentExpired])
        #expect(warned.map(\.severity) == [.warning])
        let strict = try RowHarness { $0.expiredDocumentIsError = true }
        #expect(strict.errorCodes(changes) == [.documentExpired])
    }

    @Test("a German postal code that lost its leading zero is restored with a warning")
    func postalCode() {
        let outcome = harness.run(["PLZ": "1067"])
        #expect(outcome.customer.record("person")?.text("zip") == "01067")
        #expect(outcome.problems.map(\.code) == [.postalCodeRestored])
        #expect(harness.run(["PLZ": "1067", "Land": "AT"]).customer.record("person")?.text("zip") == "1067")
    }

    @Test("an empty optional salutation is omitted; an odd one warns")
    func salutation() {
        #expect(harness.run(["Anrede": ""]).problems == [])
        #expect(harness.run(["Anrede": "Firma"]).problems.map(\.code) == [.unknownSalutation])
        #expect(harness.run(["Anrede": "Firma"]).customer.record("person")?["salutation"] == nil)
    }

    @Test("a value of an array is reported at its position, blanks counted; notes too")
    func arrayPositions() {
        let outcome = harness.run(["Weitere": "AT,, Frankreich ,Atlantis"])
        #expect(outcome.customer.record("person")?.array("furtherNationalities") == [.text("AT"), .text("FR")])
        let problems = outcome.problems
        #expect(problems.map(\.field) == ["person.furtherNationalities[4]"])
        #expect(problems.map(\.code) == [.unknownCountry])
        let notes = harness.pipeline.process(RowHarness.base.map { $0.0 == "Weitere" ? "AT,, Frankreich ,Atlantis" : $0.1 }, notes: .all)
            .findings.filter { $0.severity == .note && $0.field.hasPrefix("person.furtherNationalities") }
        #expect(notes.map(\.field) == ["person.furtherNationalities[3]"])
    }

    @Test("two events naming the same file are rejected")
    func duplicateAttachment() {
        // The fixture maps one event; a path in a subfolder shares the base name with the root file.
        var findings: [Finding] = []
        var customer = Record()
        var first = Record()
        first["file"] = .scalar(.text("ausweis.pdf"))
        var second = Record()
        second["file"] = .scalar(.text("sub/ausweis.pdf"))
        customer["events"] = .list([first, second])
        var fault: AttachmentChecker.Fault?
        let files = harness.pipeline.attachments.check(&customer, findings: &findings, fault: &fault)
        #expect(fault == nil)
        #expect(files.map(\.entryName) == ["ausweis.pdf"])
        #expect(findings.map(\.code) == [.duplicateAttachment])
        #expect(findings.first?.field == "events[2].file")
        #expect(findings.first?.message.contains("already attached by events[1]") == true)
    }

    @Test("a file in a subfolder is packed under its base name")
    func subfolderAttachment() {
        let outcome = harness.run(["Datei": "sub/zweit.pdf"])
        #expect(outcome.problems == [])
        #expect(outcome.files.map(\.entryName) == ["zweit.pdf"])
        #expect(outcome.customer.records("events").first?.text("file") == "zweit.pdf")
    }

    @Test("keys default from the id and sub-objects inherit the customer's modified")
    func keysAndModified() throws {
        let customer = harness.run().customer
        #expect(customer.text("key") == "CUST_4711")
        #expect(customer.record("person")?.text("key") == "PERS_4711")
        #expect(customer.record("person")?.records("bankAccounts").first?.text("key") == "BA_4711_1")
        #expect(customer.records("investmentSurveys").first?.text("key") == "INVST_4711_1")
        #expect(customer.records("events").first?.text("key") == "ATT_4711_1")
        #expect(customer.timestamp("modified")?.description == "2026-01-15T08:00:00")
        #expect(customer.records("events").first?.timestamp("modified")?.description == "2026-01-15T08:00:00")
    }

    @Test("an empty bank account item is left out silently")
    func emptyBankAccount() {
        let outcome = harness.run(["IBAN": "", "BIC": ""])
        #expect(outcome.problems == [])
        #expect(outcome.customer.record("person")?["bankAccounts"] == nil)
    }
}

@Suite("List items")
struct ListItemTests {
    @Test("an item made only of constants is always present")
    func constantItem() throws {
        let yaml = try fullMapping().replacingOccurrences(of: "- { name: { const: KYC }, value: KYC }", with: "- { name: { const: KYC }, value: { const: IDNOW } }")
        let mapping = try bindMapping(yaml, header: fullHeader)
        let pipeline = RowPipeline(mapping: mapping, asOf: CivilDate(year: 2026, month: 1, day: 15)!,
                                   now: CivilDateTime(date: CivilDate(year: 2026, month: 1, day: 15)!, hour: 8, minute: 0, second: 0)!,
                                   attachmentsFolder: nil)
        let outcome = pipeline.process(RowHarness.base.map { $0.0 == "KYC" ? "" : $0.1 })
        #expect(outcome.customer.record("person")?.records("customFields").first?.text("value") == "IDNOW")
        #expect(!outcome.findings.contains { $0.code == .missingKYC })
    }

    @Test("details count as given when any value in them is: false and null do not, \"False\", text, dates and non-empty lists do")
    func detailsGiven() {
        func object(_ members: [(String, Entry)]) -> Entry {
            var record = Record()
            for (name, entry) in members { record.fields.append(Record.Member(name, entry)) }
            return .object(record)
        }
        let empty = object([("a", .scalar(.bool(false))), ("b", .scalar(.null)), ("c", .array([])), ("d", .list([])),
                            ("e", object([("f", .scalar(.bool(false)))]))])
        #expect(!RecordRules.hasContent(empty))
        for given: Entry in [.scalar(.boolString(false)), .scalar(.bool(true)), .scalar(.text("x")), .scalar(.zero),
                             .scalar(.date(CivilDate(year: 2024, month: 11, day: 1)!)), .array([.text("x")]), .list([Record()])] {
            #expect(RecordRules.hasContent(object([("a", .scalar(.bool(false))), ("deep", object([("g", given)]))])), "\(given)")
        }
    }
}
