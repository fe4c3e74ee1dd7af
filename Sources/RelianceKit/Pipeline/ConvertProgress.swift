/// How far a run has come.
public struct ConvertProgress: Sendable {
    public let rows: Int
    /// The share of the input read, from 0 to 1.
    public let fractionRead: Double
    public let elapsedSeconds: Double

    /// Rows per second so far.
    public var rate: Double { elapsedSeconds > 0 ? Double(rows) / elapsedSeconds : 0 }

    /// Seconds left, estimated from the bytes read so far.
    public var remainingSeconds: Double? {
        guard fractionRead > 0.01, fractionRead < 1 else { return nil }
        return elapsedSeconds * (1 - fractionRead) / fractionRead
    }
}
