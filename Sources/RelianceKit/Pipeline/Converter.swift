import Foundation
import ZipArchive

/// Runs the pipeline: input → mapping → normalizers → validation → one ZIP per valid row,
/// `rejects.csv` for the rest, and `summary.json`.
public enum Converter {
    public static let manifestName = ManifestWriter.name
    public static let rejectsName = "rejects.csv"
    public static let reportName = "report.html"
    public static let summaryName = "summary.json"

    /// Converts `options.inputPath`. Throws before writing anything when the invocation,
    /// mapping or input is unusable; throws `.output` when writing fails.
    public static func run(_ options: ConvertOptions) throws(ConvertError) -> Summary {
        let started = Date()
        let mappingFile: MappingFile
        do {
            mappingFile = try MappingFile(path: options.mappingPath)
        } catch {
            throw .mapping(error)
        }
        let inspection = try inspect(options.inputPath)
        let opened = try openInput(options.inputPath, settings: mappingFile.input, inspection: inspection, chunkSize: options.chunkSize)
        let source = opened.source
        var summary = Summary()
        summary.encoding = opened.encoding
        summary.sheet = opened.sheet
        summary.delimiter = opened.delimiter
        let mapping: Mapping
        do {
            mapping = try mappingFile.bind(header: source.header)
        } catch {
            throw .mapping(error)
        }

        let zone = TimeZone(identifier: mapping.settings.timezone) ?? TimeZone(secondsFromGMT: 0) ?? .current
        let now = options.now ?? Converter.wallClock(in: zone)
        let asOf = options.asOf ?? now.date
        let attachmentsFolder = options.attachmentsDirectory ?? mapping.settings.attachments
            ?? (options.inputPath as NSString).deletingLastPathComponent
        if mapping.customer.fields["events"] != nil {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: attachmentsFolder.isEmpty ? "." : attachmentsFolder, isDirectory: &isFolder),
                  isFolder.boolValue else {
                throw .usage("the attachments folder \"\(attachmentsFolder)\" does not exist; set settings.attachments or --attachments")
            }
        }

        summary.inputPath = options.inputPath
        summary.mappingPath = options.mappingPath
        summary.mappingSHA256 = SHA.hex(SHA.sha256(mappingFile.bytes))
        summary.asOf = asOf.description
        summary.modified = now.description
        summary.validateOnly = !options.writePackages
        (summary.inputSize, summary.inputSHA256) = (inspection.size, inspection.sha256)

        // Everything that can make the run unusable has been checked: from here on we write.
        let folder = try OutputFolder(path: options.outputDirectory, startedAt: Converter.wallClock(in: zone).description)
        let pipeline = RowPipeline(mapping: mapping, asOf: asOf, now: now,
                                   attachmentsFolder: attachmentsFolder.isEmpty ? "." : attachmentsFolder)
        let keptColumns = source.isRejectsReport ? source.header.count - RejectsWriter.extraColumns.count : source.header.count
        var keys = KeyRegistry()
        var report = RejectsReport()

        do {
            let rejects = try RejectsWriter(path: path(folder.path, rejectsName),
                                            header: Array(source.rawHeader.prefix(keptColumns)), delimiter: source.rejectsDelimiter)
            let manifest = options.writePackages ? try ManifestWriter(folder: folder.path) : nil
            while let row = try source.next() {
                summary.read += 1
                var findings = row.problems
                if findings.isEmpty {
                    let outcome = pipeline.process(row.cells)
                    findings = outcome.findings
                    if !outcome.isRejected, let key = outcome.customer.text("key") {
                        if let first = keys.firstRow(for: key) {
                            findings.append(Finding(.error, .duplicateKey, field: "key", raw: key,
                                                    "key \(quoted(key)) was already used by row \(first)"))
                        } else {
                            do {
                                if let manifest {
                                    let package = try writePackage(outcome.customer, key: key, files: outcome.files, folder: folder.path)
                                    try manifest.add(key: key, zip: package.name, sha256: package.sha256, row: row.number, line: row.line,
                                                     attachments: outcome.files.map(\.entryName))
                                }
                                keys.register(key, row: row.number)
                            } catch let problem as PackageProblem {
                                findings.append(problem.finding)
                            }
                        }
                    }
                }
                summary.count(findings)
                if findings.contains(where: { $0.severity == .error }) {
                    summary.rejected += 1
                    var cells = Array(row.cells.prefix(keptColumns))
                    while cells.count < keptColumns { cells.append("") }
                    try rejects.write(cells: cells, row: row.number, line: row.line, findings: findings)
                    report.add(findings, row: row.number, line: row.line)
                } else {
                    summary.converted += 1
                }
                if let progress = options.progress, summary.read % 500 == 0 {
                    progress(ConvertProgress(rows: summary.read, fractionRead: source.fractionRead,
                                             elapsedSeconds: Date().timeIntervalSince(started)))
                }
            }
            try manifest?.commit()
            try rejects.commit()
            try AtomicFile.write(Array(report.html(summary: summary).utf8), to: path(folder.path, reportName))
            summary.durationSeconds = Date().timeIntervalSince(started)
            try AtomicFile.write(Array(summary.json().utf8), to: path(folder.path, summaryName))
        } catch let error as WriteError {
            throw .output(error)
        } catch let error as ConvertError {
            throw error
        } catch {
            throw .output(WriteError(path: options.outputDirectory, reason: "\(error)"))
        }
        return summary
    }

    /// A problem met while packing one customer: the row is rejected, the run goes on.
    struct PackageProblem: Error {
        let finding: Finding
    }

    /// Packs one customer and writes its ZIP; returns the ZIP's name and SHA-256.
    private static func writePackage(_ customer: Record, key: String, files: [AttachmentChecker.Attachment],
                                     folder: String) throws -> (name: String, sha256: String) {
        var zip = ZipWriter()
        try zip.addEntry(named: "main.json", contents: JSONWriter.mainJSON(customer))
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw PackageProblem(finding: Finding(.error, .attachmentUnreadable, field: "events", raw: file.entryName,
                                                      "\(quoted(file.entryName)) could not be read while packing"))
            }
            if file.entryName == "main.json" {
                throw PackageProblem(finding: Finding(.error, .duplicateAttachment, field: "events", raw: file.entryName,
                                                      "an attachment may not be named main.json"))
            }
            try zip.addEntry(named: file.entryName, contents: [UInt8](data))
        }
        let bytes = try zip.finish()
        let name = key + ".zip"
        try AtomicFile.write(bytes, to: path(folder, name))
        var hasher = SHA.SHA256Hasher()
        bytes.withUnsafeBytes { hasher.update(buffer: $0) }
        return (name, SHA.hex(hasher.finalize()))
    }

    public static func path(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// An opened input and how it was read.
    struct OpenedInput {
        let source: any RowSource
        let encoding: String
        let delimiter: UInt8?
        let sheet: String?
    }

    /// Opens the input by its content: a workbook when it begins like a ZIP, CSV text otherwise.
    static func openInput(_ path: String, settings: InputSettings, inspection: Inspection, chunkSize: Int = 1 << 16) throws(ConvertError) -> OpenedInput {
        if inspection.head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let workbook = try XLSXRowSource(path: path, input: settings)
            return OpenedInput(source: workbook, encoding: "xlsx", delimiter: nil, sheet: workbook.sheetName)
        }
        let (encoding, encodingName) = try chooseEncoding(settings.encoding, inspection, path: path)
        let csv = try CSVRowSource(path: path, input: settings, encoding: encoding, chunkSize: chunkSize)
        return OpenedInput(source: csv, encoding: encodingName, delimiter: csv.delimiter, sheet: nil)
    }

    /// What one pass over the input learns: size, SHA-256, first bytes, and whether it is all UTF-8.
    struct Inspection {
        var size = 0
        var sha256 = ""
        var head: [UInt8] = []
        var isUTF8 = true
    }

    static func inspect(_ path: String) throws(ConvertError) -> Inspection {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw .input("\(path): cannot open: it is a folder, not a file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .input("\(path): cannot open: no such file or no permission") }
        defer { try? handle.close() }
        var hasher = SHA.SHA256Hasher()
        var validator = UTF8Validator()
        var inspection = Inspection()
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw .input("\(path): read failed: \(error.localizedDescription)")
            }
            if chunk.isEmpty { break }
            if inspection.head.count < 8 { inspection.head += chunk.prefix(8 - inspection.head.count) }
            inspection.size += chunk.count
            chunk.withUnsafeBytes { raw in
                hasher.update(buffer: raw)
                validator.feed(raw)
            }
        }
        inspection.sha256 = SHA.hex(hasher.finalize())
        inspection.isUTF8 = validator.finish()
        return inspection
    }

    /// The encoding to read with, and how `summary.json` names it: a byte order mark decides,
    /// then the mapping's `input.encoding`; `auto` takes UTF-8 when every byte is valid UTF-8
    /// and Windows-1252 otherwise.
    static func chooseEncoding(_ setting: String, _ inspection: Inspection, path: String) throws(ConvertError) -> (TextEncoding, String) {
        let mark = TextEncoding.byteOrderMark(inspection.head)
        switch setting {
        case "auto":
            if let (encoding, _) = mark { return (encoding, encoding.rawValue + " (byte order mark)") }
            return inspection.isUTF8 ? (.utf8, "utf-8") : (.windows1252, "windows-1252 (detected: the input is not valid UTF-8)")
        case "utf-16":
            guard let (encoding, _) = mark, encoding != .utf8 else {
                throw .input("\(path): input.encoding is utf-16 but the file has no UTF-16 byte order mark; name utf-16le or utf-16be")
            }
            return (encoding, encoding.rawValue + " (byte order mark)")
        default:
            guard let encoding = TextEncoding(name: setting) else { throw .usage("unknown encoding \(setting)") }
            if let (marked, _) = mark, marked != encoding {
                throw .input("\(path): the file starts with a \(marked.rawValue) byte order mark but input.encoding is \(encoding.rawValue)")
            }
            return (encoding, encoding.rawValue)
        }
    }

    /// The current wall-clock time in `zone`, to the second.
    public static func wallClock(in zone: TimeZone) -> CivilDateTime {
        let now = Date()
        let seconds = Int(now.timeIntervalSince1970) + zone.secondsFromGMT(for: now)
        return CivilDateTime(secondsSinceEpoch: seconds)
    }
}
