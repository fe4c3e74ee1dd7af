import Foundation

/// Everything a conversion needs to know, built by the command line or a test.
public struct ConvertOptions: Sendable {
    public var inputPath: String
    public var mappingPath: String
    public var outputDirectory: String
    /// Overrides the mapping's `settings.attachments`.
    public var attachmentsDirectory: String?
    /// The date rules are checked against (age, expiry, future); today when nil.
    public var asOf: CivilDate?
    /// The run's start, used for default `modified` values; the clock when nil.
    public var now: CivilDateTime?
    /// When false, everything but the ZIPs is written (`validate`).
    public var writePackages = true
    /// Treat an export as partial: add its ZIPs to the folder as a fed-back rejects report does,
    /// instead of retiring every ZIP it does not convert.
    public var addToFolder = false
    /// How many of the folder's ZIPs a full run may retire; a run that would retire more retires none.
    public var retireLimit = RetireLimit.standard
    /// Bytes read from the input at a time.
    public var chunkSize = 1 << 16
    /// Workers that normalize, validate and pack rows in parallel; by default one per CPU the
    /// process may run on.
    public var jobs = UsableCPUs.count
    /// Called every few hundred rows, for a progress line on a terminal.
    public var progress: (@Sendable (ConvertProgress) -> Void)?

    public init(inputPath: String, mappingPath: String, outputDirectory: String) {
        self.inputPath = inputPath
        self.mappingPath = mappingPath
        self.outputDirectory = outputDirectory
    }
}
