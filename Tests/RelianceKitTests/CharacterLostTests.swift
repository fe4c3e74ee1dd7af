import Testing
@testable import RelianceKit

/// Letters an office program could not store in the code page it saved with (Windows-1252 has
/// no ş, ı or İ) and replaced with `?`.
@Suite("Characters an office program lost")
struct CharacterLostTests {
    let harness: RowHarness

    init() throws {
        harness = try RowHarness()
    }

    @Test("a ? where a letter stood in a name, place or street is a warning; the value is sent as it is", arguments: [
        ("Vorname", "Ay?e", "person.foreName"), ("Nachname", "?zt?rk", "person.surName"), ("Ort", "?stanbul", "person.city"),
        ("Geburtsort", "?stanbul", "person.birthPlace"), ("Strasse", "Stra?e", "person.street"), ("Nachname", "Bar??", "person.surName"),
        ("Vorname", "????", "person.foreName"), ("Ort", "K?r?ehir", "person.city"), ("Vorname", "  Ay?e  ", "person.foreName"),
        ("Geburtsort", "?zmir\u{200B}", "person.birthPlace"),
    ])
    func warned(_ column: String, _ raw: String, _ field: String) throws {
        let outcome = harness.run([column: raw])
        let lost = outcome.problems.filter { $0.code == .characterLost && $0.field == field }
        #expect(lost.map(\.severity) == [.warning], "\(outcome.problems)")
        let message = try #require(lost.first?.message)
        #expect(message.contains("UTF-8"), "\(message)")
        #expect(outcome.problems.allSatisfy { $0.severity != .error }, "\(outcome.problems)")
    }

    @Test("a ? where a letter stood in an e-mail address is an error", arguments: ["ay?e@example.com", "anna@m?ller.de", "?zt?rk@example.com"])
    func email(_ raw: String) {
        let problems = harness.run(["Email": raw]).problems
        #expect(problems.filter { $0.severity == .error }.map(\.code) == [.characterLost], "\(problems)")
        #expect(problems.first?.field == "person.email")
    }

    @Test("a ? that stands for itself is not reported", arguments: [
        ("Ort", "?"), ("Vorname", "Anna ? Maria"), ("Geburtsort", "Leipzig (?)"),
    ])
    func legitimate(_ column: String, _ raw: String) {
        let problems = harness.run([column: raw]).problems
        #expect(!problems.contains { $0.code == .characterLost }, "\(problems)")
    }

    @Test("a ? counts as a lost letter next to a letter or another ?, never on its own", arguments: [
        ("Ay?e", true), ("?stanbul", true), ("Bar??", true), ("????", true), ("K?l?ç", true), ("Ata?", true), ("Ата?", true),
        ("?", false), ("Anna ? Maria", false), ("Leipzig (?)", false), ("Müller", false), ("", false), ("5 ?", false), ("?5", false),
        ("Haus 3?", false),
    ])
    func rule(_ text: String, _ lost: Bool) {
        #expect(LostCharacters.appear(in: text) == lost)
    }

    @Test("free text outside names, places and streets is not read for lost letters")
    func freeText() {
        let problems = harness.run(["PEP": "ja", "PEP_Treffer": "Treffer auf Liste?", "PEP_Listen": "EU"]).problems
        #expect(problems == [], "\(problems)")
    }
}
