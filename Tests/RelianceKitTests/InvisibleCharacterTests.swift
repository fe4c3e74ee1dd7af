import Testing
@testable import RelianceKit

/// Unicode format characters a reader never sees: a byte-order mark inside a value, zero-width
/// spaces, direction marks and overrides, tag characters, the soft hyphen.
@Suite("Invisible characters")
struct InvisibleCharacterTests {
    let harness: RowHarness

    init() throws {
        harness = try RowHarness()
    }

    @Test("text loses them, with a warning naming each by its number", arguments: [
        ("Vorname", "Anna\u{200B} Maria", "Anna Maria", "person.foreName", "U+200B"),
        ("Nachname", "Mül\u{AD}ler", "Müller", "person.surName", "U+00AD"),
        ("Nachname", "\u{FEFF}Müller", "Müller", "person.surName", "U+FEFF"),
        ("Ort", "Dres\u{200E}den", "Dresden", "person.city", "U+200E"),
        ("Ort", "\u{202E}Dresden\u{202C}", "Dresden", "person.city", "U+202E"),
        ("Geburtsort", "Leip\u{2066}zig\u{2069}", "Leipzig", "person.birthPlace", "U+2066"),
        ("Geburtsort", "Leipzig\u{E0041}\u{E007F}", "Leipzig", "person.birthPlace", "U+E0041"),
        ("Nachname", "Mül\u{2060}ler", "Müller", "person.surName", "U+2060"),
    ])
    func removedFromText(_ column: String, _ raw: String, _ expected: String, _ field: String, _ number: String) throws {
        let outcome = harness.run([column: raw])
        let path = field.split(separator: ".").map(String.init)
        #expect(outcome.customer.record("person")?.text(path[1]) == expected)
        let warnings = outcome.problems.filter { $0.field == field }
        #expect(warnings.map(\.code) == [.invisibleCharacter], "\(outcome.problems)")
        #expect(warnings.map(\.severity) == [.warning])
        #expect(warnings.first?.raw == raw)
        #expect(warnings.first?.message.contains(number) == true, "\(warnings.first?.message ?? "")")
        #expect(outcome.problems.allSatisfy { $0.severity != .error }, "\(outcome.problems)")
    }

    @Test("a code or date loses them too, with a warning, and is then read", arguments: [
        ("Land", "DE\u{200B}", "person.country"), ("Nationalitaet", "\u{FEFF}deutsch", "person.nationality"),
        ("Geburtsdatum", "12.03.1985\u{200F}", "person.birthDate"), ("Ausweisart", "ID\u{AD}CARD", "person.idDocument.docType"),
    ])
    func removedFromCodes(_ column: String, _ raw: String, _ field: String) {
        let problems = harness.run([column: raw]).problems
        #expect(problems.map(\.code) == [.invisibleCharacter], "\(problems)")
        #expect(problems.map(\.severity) == [.warning])
        #expect(problems.map(\.field) == [field])
    }

    @Test("an identifier, e-mail address, phone number or postal code holding one is rejected", arguments: [
        ("IBAN", "DE89370400440532013000\u{200B}", "person.bankAccounts[1].iban"),
        ("BIC", "COBA\u{200B}DEFFXXX", "person.bankAccounts[1].bic"),
        ("Ausweisnr", "L01X00T47\u{200B}", "person.idDocument.documentNumber"),
        ("Ausweisnr", "L01X\u{AD}00T47", "person.idDocument.documentNumber"),
        ("Email", "anna@example.de\u{200E}", "person.email"),
        ("Email", "an\u{200D}na@example.de", "person.email"),
        ("Telefon", "0351 123456\u{200B}", "person.phonePriv[1]"),
        ("PLZ", "01067\u{FEFF}", "person.zip"),
        ("Datei", "ausweis\u{202E}fdp.pdf", "events[1].file"),
    ])
    func rejected(_ column: String, _ raw: String, _ field: String) {
        let problems = harness.run([column: raw]).problems
        let errors = problems.filter { $0.severity == .error }
        #expect(errors.map(\.code) == [.invisibleCharacter], "\(problems)")
        #expect(errors.map(\.field) == [field])
        #expect(errors.first?.message.contains("U+") == true)
    }

    @Test("invisible are the format characters no reader sees, not those that show, nor spaces or marks", arguments: [
        (0xAD, true), (0x61C, true), (0x180E, true), (0x200B, true), (0x200C, true), (0x200F, true), (0x202A, true), (0x202E, true),
        (0x2060, true), (0x2064, true), (0x2066, true), (0x2069, true), (0xFEFF, true), (0xE0001, true), (0xE0020, true), (0xE007F, true),
        (0x41, false), (0xA0, false), (0x2003, false), (0x600, false), (0x6DD, false), (0x110BD, false), (0x34F, false), (0xFE0F, false),
        (0x3164, false),
    ])
    func invisibleSet(_ value: UInt32, _ invisible: Bool) throws {
        #expect(Normalizer.isInvisible(try #require(Unicode.Scalar(value))) == invisible)
    }

    @Test("a customer id holding one builds no key")
    func customerID() {
        #expect(harness.errorCodes(["Nr": "4711\u{200B}"]).contains(.invalidKey))
    }

    @Test("joiners stay in text, where Persian and Indic spellings and emoji need them")
    func joiners() {
        let outcome = harness.run(["Nachname": "Mohammadi\u{200C}pour"])
        #expect(outcome.customer.record("person")?.text("surName") == "Mohammadi\u{200C}pour")
        #expect(outcome.problems == [], "\(outcome.problems)")
    }
}
