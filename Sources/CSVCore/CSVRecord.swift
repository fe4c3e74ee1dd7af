/// One record of a CSV file: its fields as bytes in a reusable buffer, and where it came from.
///
/// A reader fills the same record again and again, so reading allocates only
/// when a record is longer than any before it.
public struct CSVRecord: Sendable {
    /// The unescaped bytes of every field, back to back.
    public internal(set) var bytes: [UInt8] = []
    /// The end index in `bytes` of each field.
    public internal(set) var fieldEnds: [Int] = []
    /// 1-based number of the record in the file (the header is record 1).
    public internal(set) var number = 0
    /// 1-based physical line on which the record starts.
    public internal(set) var line = 1
    /// Byte offset in the file at which the record starts.
    public internal(set) var startOffset = 0
    /// What was wrong with the record's syntax, if anything.
    public internal(set) var problem: CSVProblem?
    /// Fields past the reader's `maxFields`: counted, not kept.
    public internal(set) var omittedFields = 0

    public init() {}

    /// The fields kept.
    public var count: Int { fieldEnds.count }

    /// Every field of the record, kept or omitted.
    public var fieldCount: Int { count + omittedFields }

    /// The bytes of field `index`.
    public func field(_ index: Int) -> ArraySlice<UInt8> {
        let start = index == 0 ? 0 : fieldEnds[index - 1]
        return bytes[start..<fieldEnds[index]]
    }

    /// Every field as bytes, in order.
    public var fields: [ArraySlice<UInt8>] { (0..<count).map(field) }

    mutating func reset(number: Int, line: Int, offset: Int) {
        bytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        self.number = number
        self.line = line
        startOffset = offset
        problem = nil
        omittedFields = 0
    }

    /// Replaces the contents with the given fields and a count of more not kept, used when a
    /// broken record is re-read raw.
    mutating func setFields(_ fields: [ArraySlice<UInt8>], omitted: Int) {
        bytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        for field in fields {
            bytes.append(contentsOf: field)
            fieldEnds.append(bytes.count)
        }
        omittedFields = omitted
    }
}

/// A syntax problem in one record. The record is still delivered, so the row can be rejected with a reason.
public enum CSVProblem: Sendable, Equatable, CustomStringConvertible {
    /// A quote opened on `line` never closes before the end of the file or the record size limit.
    case unterminatedQuote(line: Int, column: Int)
    /// Text follows a closing quote on `line` (e.g. `"abc"def`).
    case textAfterClosingQuote(line: Int, column: Int)
    /// The record is longer than the reader's limit; the rest of its line was skipped.
    case recordTooLong(limit: Int)

    public var description: String {
        switch self {
        case let .unterminatedQuote(line, column):
            "a quote opened at line \(line), column \(column) never closes; the line was read without quote rules"
        case let .textAfterClosingQuote(line, column):
            "text follows a closing quote at line \(line), column \(column); quote the whole field and double inner quotes"
        case let .recordTooLong(limit):
            "the record is longer than the limit of \(limit) bytes; the rest of its line was skipped"
        }
    }
}
