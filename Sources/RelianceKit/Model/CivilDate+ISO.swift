extension CivilDate {
    /// Reads `YYYY-MM-DD` in ASCII digits: how `--as-of` and the payload's dates are written.
    public init?(iso text: String) {
        var reader = ISOReader(text)
        guard let date = reader.date(), reader.isAtEnd else { return nil }
        self = date
    }
}

extension CivilDateTime {
    /// Reads `YYYY-MM-DDTHH:mm`, with `:ss` and a fraction of 1 to 9 digits after `.` or `,`
    /// optional and a space allowed for the `T`, without a UTC offset: how `--now` and the
    /// payload's time stamps are written. The fraction is read and dropped.
    public init?(iso text: String) {
        var reader = ISOReader(text)
        guard let date = reader.date(), reader.skip("T") || reader.skip(" "),
              let hour = reader.number(digits: 2...2), reader.skip(":"),
              let minute = reader.number(digits: 2...2) else { return nil }
        var second = 0
        if reader.skip(":") {
            guard let seconds = reader.number(digits: 2...2) else { return nil }
            second = seconds
            if reader.skip(".") || reader.skip(","), reader.number(digits: 1...9) == nil { return nil }
        }
        guard reader.isAtEnd else { return nil }
        self.init(date: date, hour: hour, minute: minute, second: second)
    }
}

/// Reads the fixed ISO 8601 forms the tool itself writes and takes on its command line, byte by byte.
private struct ISOReader {
    private let bytes: [UInt8]
    private var at = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    var isAtEnd: Bool { at == bytes.count }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard at < bytes.count, bytes[at] == UInt8(ascii: character) else { return false }
        at += 1
        return true
    }

    /// As many ASCII digits as `digits` allows, at least its lower bound.
    mutating func number(digits: ClosedRange<Int>) -> Int? {
        var value = 0
        var count = 0
        while count < digits.upperBound, at < bytes.count, (0x30...0x39).contains(bytes[at]) {
            value = value * 10 + Int(bytes[at] - 0x30)
            count += 1
            at += 1
        }
        return count >= digits.lowerBound ? value : nil
    }

    mutating func date() -> CivilDate? {
        guard let year = number(digits: 4...4), skip("-"), let month = number(digits: 2...2), skip("-"),
              let day = number(digits: 2...2) else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }
}
