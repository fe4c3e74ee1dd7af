import Foundation
import Synchronization
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
        summary.headerRow = source.headerLine
        summary.rowsAboveHeader = source.rowsAboveHeader
        let mapping: Mapping
        do {
            mapping = try mappingFile.bind(header: source.header)
        } catch {
            throw .mapping(error)
        }

        let zone = TimeZone(identifier: mapping.settings.timezone) ?? TimeZone(secondsFromGMT: 0) ?? .current
        let now = options.now ?? Converter.wallClock(in: zone)
        let asOf = options.asOf ?? now.date
        let configuredFolder = options.attachmentsDirectory ?? mapping.settings.attachments
            ?? (options.inputPath as NSString).deletingLastPathComponent
        let attachmentsFolder = configuredFolder.isEmpty ? "." : configuredFolder
        if mapping.customer.fields["events"] != nil {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: attachmentsFolder, isDirectory: &isFolder),
                  isFolder.boolValue else {
                throw .usage("the attachments folder \"\(attachmentsFolder)\" does not exist; set settings.attachments or --attachments")
            }
        }

        summary.inputPath = options.inputPath
        summary.mappingPath = options.mappingPath
        summary.mappingSHA256 = SHA.sha256Hex(mappingFile.bytes)
        summary.asOf = asOf.description
        summary.modified = now.description
        summary.validateOnly = !options.writePackages
        (summary.inputSize, summary.inputSHA256) = (inspection.size, inspection.sha256)

        // A rejects report fed back (or an export named partial with --add) adds to the folder;
        // any other input is the whole export, and the folder ends up holding its valid rows only.
        let addsToFolder = source.isRejectsReport || options.addToFolder
        summary.addsToFolder = addsToFolder

        // Everything that can make the run unusable has been checked: from here on we write.
        let startedAt = Converter.wallClock(in: zone)
        let folder = try OutputFolder(path: options.outputDirectory, startedAt: startedAt.description)
        // One pipeline per worker: each has its own row plan with its value memos, and its deflate stream.
        let jobs = max(1, options.jobs)
        let pipelines = (0..<jobs).map { _ in
            RowPipeline(mapping: mapping, asOf: asOf, now: now, attachmentsFolder: attachmentsFolder)
        }
        let keptColumns = source.header.count - source.reportColumns

        do {
            let rejects = try RejectsWriter(path: path(folder.path, rejectsName),
                                            header: Array(source.rawHeader.prefix(keptColumns)), delimiter: source.rejectsDelimiter)
            let manifest = options.writePackages ? try ManifestWriter(folder: folder.path) : nil
            let warnings = try WarningsWriter(folder: folder.path)
            let writer = BatchWriter(folder: folder, rejects: rejects, manifest: manifest, warnings: warnings, summary: summary,
                                     keptColumns: keptColumns, reportColumns: source.reportColumns,
                                     folderManifest: addsToFolder ? FolderManifest(folder: folder.path) : nil,
                                     progress: options.progress, started: started)
            // Rows are prepared in parallel (mapping, normalizing, validating, JSON, deflate) while
            // the writer thread writes the previous batch strictly in input order, so output and
            // reports stay deterministic and at most two batches are held at a time.
            let writing = DispatchQueue(label: "reliance-convert.writer")
            let slots = DispatchSemaphore(value: 2)
            var batch: [InputRow] = []
            batch.reserveCapacity(Converter.batchSize)
            func handOff(_ batch: [InputRow]) throws {
                let prepared = Converter.prepare(batch, pipelines: pipelines, packagesIn: options.writePackages ? folder.path : nil)
                let fractionRead = source.fractionRead
                slots.wait()
                writing.async {
                    writer.write(batch, prepared, fractionRead: fractionRead)
                    slots.signal()
                }
                if let error = writer.failure { throw error }
            }
            do {
                while let row = try source.next() {
                    batch.append(row)
                    if batch.count == Converter.batchSize {
                        try handOff(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                try handOff(batch)
            } catch {
                writing.sync {}
                throw error
            }
            writing.sync {}
            if let error = writer.failure { throw error }
            summary = writer.summary
            for pipeline in pipelines {
                for (path, count) in pipeline.evaluator.plan.rewrittenCounts() { summary.countNotes(path, count) }
            }
            // The manifest goes first: from then on it names exactly the folder's current ZIPs, so
            // a run killed while retiring leaves stale ZIPs that upload does not send.
            let keys = writer.keys
            let stillInFolder = { (key: String) in !keys.wasConverted(key) && folder.holdsFile(key + ".zip") }
            try manifest?.commit(carryingOver: addsToFolder ? stillInFolder : nil)
            try warnings.commit(carryingOver: addsToFolder && options.writePackages ? stillInFolder : nil)
            if options.writePackages, !addsToFolder {
                let current = { (name: String) in keys.wasConverted(String(name.dropLast(4))) }
                if let retired = try folder.retire(keeping: current, stamp: startedAt.folderStamp) {
                    (summary.retiredFolder, summary.retired) = retired
                }
            }
            try rejects.commit()
            try AtomicFile.write(Array(writer.report.html(summary: summary).utf8), to: path(folder.path, reportName))
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

    static let batchSize = 256

    /// One row made ready for writing: its findings, its customer key (also when rejected: a
    /// rejected row still claims its key), and its ZIP when it passed.
    struct Prepared: Sendable {
        var findings: [Finding] = []
        var key: String?
        var package: Package?
        /// Writing the ZIP failed (disk full, permissions): fatal for the run.
        var writeFailure: WriteError?
    }

    /// A customer's ZIP, complete under a temporary name in the output folder.
    struct Package: Sendable {
        let file: StagedFile
        let sha256: String
        let attachments: [String]
    }

    /// Runs the row pipeline over a batch on `pipelines.count` workers; results keep the batch's order.
    /// Workers take small runs of rows as they come free, so a worker slowed by the writer thread
    /// holds no one up.
    /// - Parameter folder: where ZIPs are built (each under a temporary name); nil to build none (`validate`).
    static func prepare(_ batch: [InputRow], pipelines: [RowPipeline], packagesIn folder: String?) -> [Prepared] {
        var results = [Prepared](repeating: Prepared(), count: batch.count)
        let workers = min(pipelines.count, max(1, batch.count))
        let run = 16
        let taken = Atomic<Int>(0)
        results.withUnsafeMutableBufferPointer { buffer in
            let output = UnsafeSendable(buffer)
            let work = { @Sendable (worker: Int) in
                while true {
                    let start = taken.add(run, ordering: .relaxed).oldValue
                    guard start < batch.count else { return }
                    for index in start..<min(start + run, batch.count) {
                        output.value[index] = prepareRow(batch[index], pipeline: pipelines[worker], packagesIn: folder)
                    }
                }
            }
            if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        }
        return results
    }

    private static func prepareRow(_ row: InputRow, pipeline: RowPipeline, packagesIn folder: String?) -> Prepared {
        guard row.problems.isEmpty else { return Prepared(findings: row.problems) }
        // Notes only explain errors: most rows have none, so they are counted, not kept, and a
        // rejected row whose errors a note may explain is read again with its notes for rejects.csv.
        var outcome = pipeline.process(row.cells, keepNotes: false)
        if outcome.isRejected, outcome.errorMayHaveNote { outcome = pipeline.process(row.cells, keepNotes: true) }
        var prepared = Prepared(findings: outcome.findings)
        if !outcome.findings.contains(where: { $0.severity == .error && ($0.field == "key" || $0.field == "customer.id") }) {
            prepared.key = outcome.customer.text("key")
        }
        guard !outcome.isRejected, let key = prepared.key, let folder else { return prepared }
        do {
            prepared.package = try package(outcome.customer, files: outcome.files, deflater: pipeline.deflater,
                                           to: path(folder, key + ".zip"))
        } catch let problem as PackageProblem {
            prepared.findings.append(problem.finding)
        } catch let failure as WriteError {
            // The disk, not the row: the run stops (exit 3) when the writer meets this row.
            prepared.writeFailure = failure
        } catch {
            prepared.findings.append(Finding(.error, .attachmentUnreadable, field: "events", "the ZIP could not be built: \(error)"))
        }
        return prepared
    }

    /// A problem met while packing one customer: the row is rejected, the run goes on.
    struct PackageProblem: Error {
        let finding: Finding
    }

    /// Builds one customer's ZIP under a temporary name beside `target`: main.json, then each
    /// attachment streamed from the descriptor it was checked through. Memory holds main.json and
    /// one 64 KiB piece, whatever the attachments' size; the SHA-256 is taken as the bytes are written.
    private static func package(_ customer: Record, files: [AttachmentChecker.Attachment], deflater: Deflater, to target: String) throws -> Package {
        if let clash = files.first(where: { $0.entryName == "main.json" }) {
            throw PackageProblem(finding: Finding(.error, .duplicateAttachment, field: "events", raw: clash.entryName,
                                                  "an attachment may not be named main.json"))
        }
        if let large = files.first(where: { $0.size > ZipStreamWriter.maxSize }) {
            throw PackageProblem(finding: Finding(.error, .attachmentTooLarge, field: "events[\(large.event)].file", raw: large.entryName,
                                                  "\(quoted(large.entryName)) holds \(large.size) bytes; a ZIP without ZIP64 holds at most 4 GiB per file"))
        }
        let file = try AtomicFile(path: target)
        let hasher = SHA.SHA256Hasher()
        var writeFailure: WriteError?
        let zip = ZipStreamWriter(deflater: deflater) { (bytes: UnsafeRawBufferPointer) throws(ZipError) in
            hasher.update(buffer: bytes)
            do throws(WriteError) {
                try file.write(bytes)
            } catch {
                writeFailure = error
                throw .corrupt("the ZIP could not be written")
            }
        }
        do {
            try zip.addEntry(named: "main.json", contents: JSONWriter.mainJSON(customer))
            for attachment in files {
                try zip.addEntry(named: attachment.entryName, file: attachment.file.fd, size: attachment.size)
            }
            try zip.finish()
        } catch {
            if let writeFailure { throw writeFailure }
            let name = files.first { "\(error)".contains("\"\($0.entryName)\"") }
            throw PackageProblem(finding: Finding(.error, .attachmentUnreadable, field: name.map { "events[\($0.event)].file" } ?? "events",
                                                  raw: name?.entryName, "the ZIP could not be built: \(error)"))
        }
        let staged = try file.stage()
        return Package(file: staged, sha256: SHA.hex(hasher.finalize()), attachments: files.map(\.entryName))
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

    /// Opens the input by its content: a workbook when it begins like a ZIP, a refusal naming the
    /// format for a compound file (`.xls`, encrypted `.xlsx`), CSV text otherwise.
    static func openInput(_ path: String, settings: InputSettings, inspection: Inspection, chunkSize: Int = 1 << 16) throws(ConvertError) -> OpenedInput {
        if inspection.head.starts(with: CompoundFile.signature) {
            throw .input(CompoundFile.refusal(path))
        }
        if inspection.head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let workbook = try XLSXRowSource(path: path, input: settings)
            return OpenedInput(source: workbook, encoding: "xlsx", delimiter: nil, sheet: workbook.sheetName)
        }
        let (encoding, encodingName) = try chooseEncoding(settings.encoding, inspection, path: path)
        let csv = try CSVRowSource(path: path, input: settings, encoding: encoding, chunkSize: chunkSize)
        return OpenedInput(source: csv, encoding: encodingName, delimiter: csv.delimiter, sheet: nil)
    }

    /// What one pass over the input learns: size, SHA-256, the first 4 KiB, and whether it is all UTF-8.
    struct Inspection {
        var size = 0
        var sha256 = ""
        var head: [UInt8] = []
        var isUTF8 = true
        /// Well-formed multi-byte UTF-8 sequences, and places that are not UTF-8.
        var validUTF8Sequences = 0
        var invalidUTF8Sequences = 0
    }

    /// Reads the input once. Only a regular file is read: a FIFO or a device (`/dev/zero`) would
    /// block or never end, so it stops the run before anything is written.
    static func inspect(_ path: String) throws(ConvertError) -> Inspection {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw .input("\(path): cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .input("\(path): cannot open: \(String(cString: strerror(errno)))") }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .input("\(path): cannot open: it is a folder, not a file")
        case S_IFIFO: throw .input("\(path): cannot read: it is a named pipe; reliance-convert reads regular files only (save the export to a file first)")
        default: throw .input("\(path): cannot read: it is a device or socket, not a regular file")
        }
        let hasher = SHA.SHA256Hasher()
        var validator = UTF8Validator()
        var inspection = Inspection()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let got = chunk.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress, raw.count) }
            if got < 0, errno == EINTR || errno == EAGAIN { continue }
            guard got >= 0 else { throw .input("\(path): read failed: \(String(cString: strerror(errno)))") }
            if got == 0 { break }
            if inspection.head.count < 4096 { inspection.head += chunk[0..<min(got, 4096 - inspection.head.count)] }
            inspection.size += got
            chunk.withUnsafeBytes { raw in
                let part = UnsafeRawBufferPointer(rebasing: raw[0..<got])
                hasher.update(buffer: part)
                validator.feed(part)
            }
        }
        inspection.sha256 = SHA.hex(hasher.finalize())
        inspection.isUTF8 = validator.finish()
        inspection.validUTF8Sequences = validator.validSequences
        inspection.invalidUTF8Sequences = validator.invalidSequences
        return inspection
    }

    /// The encoding to read with, and how `summary.json` names it: a byte order mark decides,
    /// then the mapping's `input.encoding`. `auto` takes UTF-8 when every byte is valid UTF-8, and
    /// also when the valid multi-byte sequences are at least as many as the places that are not
    /// UTF-8 (a UTF-8 export with damaged bytes: the damaged rows are rejected, no other name is
    /// garbled); Windows-1252 when sequences that look like UTF-8 are fewer than one in twenty of
    /// the bytes that are not (accidents of Windows-1252 text); and in between it stops, because
    /// either choice would garble one part of the file.
    static func chooseEncoding(_ setting: String, _ inspection: Inspection, path: String) throws(ConvertError) -> (TextEncoding, String) {
        let mark = TextEncoding.byteOrderMark(inspection.head)
        switch setting {
        case "auto":
            if let (encoding, _) = mark { return (encoding, encoding.rawValue + " (byte order mark)") }
            if let guess = TextEncoding.utf16WithoutMark(inspection.head) {
                throw .input("\(path): the file looks like \(guess.rawValue) text without a byte order mark (every other byte is 0); "
                    + "set input.encoding: \(guess.rawValue) in the mapping, or save it as UTF-8")
            }
            if inspection.isUTF8 { return (.utf8, "utf-8") }
            let (valid, invalid) = (inspection.validUTF8Sequences, inspection.invalidUTF8Sequences)
            if valid >= invalid {
                return (.utf8, "utf-8 (detected: \(valid) UTF-8 sequences and \(invalid) damaged bytes; rows with damaged bytes are rejected)")
            }
            if valid == 0 { return (.windows1252, "windows-1252 (detected: the input is not valid UTF-8)") }
            if valid * 20 < invalid {
                return (.windows1252, "windows-1252 (detected: \(invalid) bytes are not UTF-8; \(valid) sequences that look like UTF-8 are read as Windows-1252)")
            }
            throw .input("\(path): the encoding cannot be told: \(valid) sequences are valid UTF-8 but \(invalid) bytes are not; "
                + "set input.encoding to utf-8 (rows with other bytes are rejected) or to windows-1252 in the mapping")
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
