import Foundation
@testable import RelianceKit

/// Runs single rows through the real pipeline with the `full-mapping.yaml` fixture. Its attachments
/// folder goes with it.
final class RowHarness {
    static let base: [(String, String)] = [
        ("Nr", "4711"), ("Vorpruefung", "nein"), ("Anrede", "Frau"), ("Titel", "Dr."), ("Vorname", "Anna Maria"),
        ("Nachname", "Müller"), ("Strasse", "Hauptstraße"), ("Hausnr", "5"), ("PLZ", "01067"), ("Ort", "Dresden"),
        ("Land", "DE"), ("Geburtsdatum", "12.03.1985"), ("Geburtsort", "Leipzig"), ("Nationalitaet", "deutsch"),
        ("Weitere", "AT"), ("Telefon", "0351 123456"), ("Email", "anna@example.de"), ("KYC", "IDNOW"),
        ("Ausweisart", "IDCARD"), ("Ausweisland", "DE"), ("Ausweisnr", "L01X00T47"), ("Ausgestellt", "02.05.2019"),
        ("Ablauf", "01.05.2029"), ("Methode", "VIDEO"), ("Freigabe", "02.11.2024 14:05"), ("Aktualisiert", "02.11.2024 14:10"),
        ("PEP", "nein"), ("Geprueft", "2024-11-02T14:06:00"), ("PEP_Treffer", ""), ("PEP_Listen", ""), ("Sanktion", "nein"),
        ("Sanktion_Treffer", ""), ("Sanktion_Listen", ""), ("Prof", "nein"), ("CO1A", ""), ("PC1A", ""), ("Bestaetigt", ""),
        ("Zugestimmt", ""), ("Ort_Unterschrift", ""), ("Datum_Unterschrift", ""), ("Zeit_Unterschrift", ""), ("Formular", ""),
        ("IBAN", "DE89370400440532013000"), ("BIC", "COBADEFFXXX"), ("AE1", "3"), ("Datei", "ausweis.pdf"),
    ]

    let folder: URL
    let pipeline: RowPipeline
    let header: [String]

    init(settingsPatch: ((inout Settings) -> Void)? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("rows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("%PDF-1.4\n".utf8).write(to: folder.appendingPathComponent("ausweis.pdf"))
        try Data("%PDF-1.4\n".utf8).write(to: folder.appendingPathComponent("sub/zweit.pdf"))
        try Data("%PDF-1.4\n".utf8).write(to: folder.appendingPathComponent("sub/ausweis.pdf"))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("outside.pdf").path, withDestinationPath: "/etc/hostname")
        header = RowHarness.base.map(\.0)
        let mappingPath = try require(Bundle.module.path(forResource: "full-mapping", ofType: "yaml", inDirectory: "Fixtures"))
        var mapping = try MappingFile(path: mappingPath).bind(header: header)
        if let settingsPatch {
            var settings = mapping.settings
            settingsPatch(&settings)
            mapping = Mapping(file: mapping.file, input: mapping.input, settings: settings, id: mapping.id, customer: mapping.customer)
        }
        pipeline = RowPipeline(mapping: mapping, asOf: CivilDate(year: 2026, month: 1, day: 15)!,
                               now: CivilDateTime(date: CivilDate(year: 2026, month: 1, day: 15)!, hour: 8, minute: 0, second: 0)!,
                               attachmentsFolder: folder.path)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// The base row with some cells changed.
    func run(_ changes: [String: String] = [:]) -> RowPipeline.Outcome {
        pipeline.process(RowHarness.base.map { changes[$0.0] ?? $0.1 })
    }

    func errorCodes(_ changes: [String: String]) -> [FindingCode] {
        run(changes).problems.filter { $0.severity == .error }.map(\.code)
    }
}

func require<T>(_ value: T?) throws -> T {
    guard let value else { throw HarnessError.missing }
    return value
}

enum HarnessError: Error { case missing }

extension RowPipeline.Outcome {
    /// Errors and warnings, without the notes that explain normalizations.
    var problems: [Finding] { findings.filter { $0.severity != .note } }
}
