import Foundation

/// What a front end builds once, before its first row: the mapping bound to the input's header,
/// and the run's clock and attachments folder (`RunClock`). It makes the row pipelines. `convert`,
/// `validate` and `preview` build it from their options; the studio binds a mapping after every
/// edit and takes the same clock for it.
struct RunContext {
    let bound: InputDetection.Bound
    let clock: RunClock

    init(_ options: ConvertOptions) throws(ConvertError) {
        bound = try InputDetection.bind(options)
        clock = RunClock(settings: bound.mapping.settings, inputPath: options.inputPath, attachmentsDirectory: options.attachmentsDirectory,
                         asOf: options.asOf, now: options.now)
    }

    /// A row pipeline over the bound mapping; one per worker.
    /// - Parameter packs: false when no ZIP is built (`validate`): attachments are checked without being opened.
    func pipeline(packs: Bool = true, bank: MemoBank? = nil) -> RowPipeline {
        clock.pipeline(bound.mapping, packs: packs, fedBack: bound.opened.source.isRejectsReport, bank: bank)
    }
}

/// The run's time in the mapping's zone (`now`, for default `modified` values), the date the rules
/// are checked against (`asOf`), and the attachments folder: the option when given, else the
/// mapping's `settings.attachments`, else the input's own folder.
struct RunClock: Equatable {
    let zone: TimeZone
    let now: CivilDateTime
    let asOf: CivilDate
    let attachmentsFolder: String

    init(settings: Settings, inputPath: String, attachmentsDirectory: String?, asOf: CivilDate?, now: CivilDateTime?) {
        zone = TimeZone(identifier: settings.timezone) ?? TimeZone(secondsFromGMT: 0) ?? .current
        self.now = now ?? Converter.wallClock(in: zone)
        self.asOf = asOf ?? self.now.date
        let configured = attachmentsDirectory ?? settings.attachments ?? (inputPath as NSString).deletingLastPathComponent
        attachmentsFolder = configured.isEmpty ? "." : configured
    }

    func pipeline(_ mapping: Mapping, packs: Bool, fedBack: Bool, bank: MemoBank? = nil) -> RowPipeline {
        RowPipeline(mapping: mapping, asOf: asOf, now: now, attachmentsFolder: attachmentsFolder, packs: packs, fedBack: fedBack, bank: bank)
    }
}
