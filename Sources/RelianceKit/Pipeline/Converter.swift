import FileSystem
import Foundation
import OutputFiles
import Synchronization
import ZipArchive

/// Runs the pipeline: input → mapping → normalizers → validation → one ZIP per valid row,
/// `rejects.csv` for the rest, and `summary.json`.
public enum Converter {
    public static let manifestName = Manifest.name
    public static let rejectsName = "rejects.csv"
    public static let reportName = "report.html"
    public static let summaryName = "summary.json"

    /// Converts `options.inputPath`. Throws before writing anything when the invocation,
    /// mapping or input is unusable; throws `.output` when writing fails.
    public static func run(_ options: ConvertOptions) throws(ConvertError) -> Summary {
        let started = Date()
        let context = try RunContext(options)
        let bound = context.bound
        let (mappingFile, inspection, opened, mapping) = (bound.mappingFile, bound.inspection, bound.opened, bound.mapping)
        let source = opened.source
        var summary = Summary()
        summary.encoding = opened.encoding
        summary.sheet = opened.sheet
        summary.delimiter = opened.delimiter
        summary.headerRow = source.headerLine
        summary.rowsAboveHeader = source.rowsAboveHeader
        summary.emptyColumnsIgnored = source.emptyColumnsIgnored
        summary.totalsRows = source.totalsRowsSkipped

        let (zone, now, asOf, attachmentsFolder) = (context.clock.zone, context.clock.now, context.clock.asOf, context.clock.attachmentsFolder)
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

        let jobs = max(1, options.jobs)
        try RunDescriptors.check(jobs: jobs, attachmentsPerRow: Converter.attachmentsPerRow(mapping))

        // Everything that can make the run unusable has been checked: from here on we write.
        let startedAt = Converter.wallClock(in: zone)
        let folder = try OutputFolder(path: options.outputDirectory, startedAt: startedAt.description)
        do {
            summary.retiredByKilledRun = try folder.completeJournal()
        } catch {
            throw .output(error)
        }
        // One pipeline per worker: each has its own row plan with its value memos, and its deflate stream.
        let pipelines = (0..<jobs).map { _ in context.pipeline(packs: options.writePackages) }
        let keptColumns = source.header.count - source.reportColumns

        let rejects: RejectsWriter, manifest: Manifest?, warnings: WarningsWriter
        do throws(WriteError) {
            rejects = try RejectsWriter(name: rejectsName, in: folder.handle,
                                        header: Array(source.rawHeader.prefix(keptColumns)), delimiter: source.rejectsDelimiter)
            manifest = options.writePackages ? try Manifest(folder: folder.handle) : nil
            warnings = try WarningsWriter(folder: folder.handle)
        } catch {
            throw .output(error)
        }
        let writer = BatchWriter(folder: folder, rejects: rejects, manifest: manifest, warnings: warnings, summary: summary,
                                 keptColumns: keptColumns, reportColumns: source.reportColumns,
                                 folderManifest: addsToFolder ? try FolderManifest(folder: folder.handle) : nil,
                                 progress: options.progress, started: started)
        // Rows are prepared in parallel (mapping, normalizing, validating, JSON, deflate) while
        // the reader thread reads the next batch and the writer thread writes the previous one
        // strictly in input order, so output and reports stay deterministic and at most four
        // batches are held at a time (one read ahead, one being prepared, two being written).
        let writing = DispatchQueue(label: "reliance-convert.writer")
        let slots = DispatchSemaphore(value: 2)
        let reader = BatchReadAhead(source, batchSize: Converter.batchSize)
        do throws(ConvertError) {
            defer { reader.stop() }
            while true {
                let batch = try reader.next()
                let prepared = BatchPreparation.prepare(batch.rows, pipelines: pipelines,
                                                        packagesIn: options.writePackages ? folder.handle : nil)
                slots.wait()
                writing.async {
                    writer.write(batch.rows, prepared, fractionRead: batch.fractionRead)
                    slots.signal()
                }
                if let error = writer.failure { throw error }
                if batch.isLast { break }
            }
        } catch {
            writing.sync {}
            // An export cut short or rewritten while it was read shows as a malformed row or
            // archive: say what happened to it rather than what the reader met.
            try InputDetection.checkUnchanged(inspection, path: options.inputPath)
            throw error
        }
        writing.sync {}
        if let error = writer.failure { throw error }
        try InputDetection.checkUnchanged(inspection, path: options.inputPath)
        summary = writer.summary
        for pipeline in pipelines {
            for (path, count) in pipeline.evaluator.plan.rewrittenCounts() { summary.countNotes(path, count) }
        }
        do throws(WriteError) {
            // The manifest goes first: from then on it names exactly the folder's current ZIPs, so
            // a run killed while retiring leaves stale ZIPs that upload does not send.
            let keys = writer.keys
            let stillInFolder = { (key: String) in !keys.wasConverted(key) && folder.holdsFile(key + ".zip") }
            try manifest?.commit(carryingOver: addsToFolder ? stillInFolder : nil, in: folder.handle)
            try warnings.commit(carryingOver: addsToFolder && options.writePackages ? stillInFolder : nil)
            if options.writePackages, !addsToFolder {
                let stale = try folder.staleZIPs(keeping: { keys.wasConverted(String($0.dropLast(4))) })
                let held = folder.zipsAtStart
                if summary.retiredByKilledRun != nil {
                    // The killed run's journal is listed by no summary yet: this run's journal
                    // would replace it. These ZIPs wait for the next full run (the manifest no
                    // longer lists them, so upload never sends them).
                    summary.retireDeferred = stale.count
                } else if stale.count > options.retireLimit.allowed(ofFolderHolding: held) {
                    // An export cut short, or a damaged feed-back taken for an export: nothing is
                    // retired, and the caller exits 5 (see `Summary.retireWithheld`).
                    summary.retireWithheld = stale.count
                    summary.retireWithheldReason = "this run would retire \(stale.count) of the \(held) ZIPs the folder held, "
                        + "more than --retire-limit allows (\(options.retireLimit.shown)); it retired none"
                } else if let retired = try folder.retire(stale, stamp: Converter.retiredStamp()) {
                    (summary.retiredFolder, summary.retired) = retired
                }
            }
            try rejects.commit()
            try AtomicFile.write(Array(writer.report.html(summary: summary).utf8), named: reportName, in: folder.handle)
            summary.durationSeconds = Date().timeIntervalSince(started)
            try AtomicFile.write(Array(summary.json().utf8), named: summaryName, in: folder.handle)
            // The summary lists what was retired: the journal has done its work.
            folder.closeJournal()
        } catch {
            throw .output(error)
        }
        return summary
    }

    /// Rows per batch; fewer when their cells pass 4 MiB (`BatchReadAhead`), so that four batches
    /// of 1 MiB records cannot take gigabytes. 1,024 rows measured no faster on the realistic
    /// export (three interleaved comparisons: −2.2 %, +1.8 %, +0.5 %).
    static let batchSize = 256

    /// The name of a retired folder: the time in UTC (`2026-01-15T070000Z`), so that folders sort
    /// in the order they were made across a change of the mapping's time zone or of daylight saving.
    static func retiredStamp() -> String {
        guard let utc = TimeZone(secondsFromGMT: 0) else { return wallClock(in: .current).folderStamp }
        return wallClock(in: utc).folderStamp + "Z"
    }

    /// The most files one row can attach: the mapping's events, each naming one file.
    static func attachmentsPerRow(_ mapping: Mapping) -> Int {
        if case let .list(events) = mapping.customer.fields["events"] { return events.count }
        return 0
    }

    /// The current wall-clock time in `zone`, to the second.
    public static func wallClock(in zone: TimeZone) -> CivilDateTime {
        let now = Date()
        let seconds = Int(now.timeIntervalSince1970) + zone.secondsFromGMT(for: now)
        return CivilDateTime(secondsSinceEpoch: seconds)
    }
}
