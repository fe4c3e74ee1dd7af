extension DateFields {
    /// `1985-03-12`, `1985-03-12T14:05`, `1985-03-12 14:05:00.123+01:00`, `…Z`.
    static func iso(_ text: String) -> DateFields? {
        let bytes = text.utf8.span
        var at = 0
        // The position is passed in and out, not captured: a nested function that captures a
        // variable keeps it in a box whose every access is checked for exclusivity at run time.
        func skip(_ character: Unicode.Scalar, _ at: inout Int) -> Bool {
            guard at < bytes.count, bytes[at] == UInt8(ascii: character) else { return false }
            at += 1
            return true
        }
        var fields = DateFields()
        guard let year = DatePattern.number(bytes, &at, min: 4, max: 4), skip("-", &at),
              let month = DatePattern.number(bytes, &at, min: 2, max: 2), skip("-", &at),
              let day = DatePattern.number(bytes, &at, min: 2, max: 2) else { return nil }
        (fields.year, fields.month, fields.day) = (year, month, day)
        guard at < bytes.count else { return fields }
        guard skip("T", &at) || skip(" ", &at),
              let hour = DatePattern.number(bytes, &at, min: 2, max: 2), skip(":", &at),
              let minute = DatePattern.number(bytes, &at, min: 2, max: 2) else { return nil }
        fields.hour = hour
        fields.minute = minute
        fields.second = 0
        if skip(":", &at) {
            guard let second = DatePattern.number(bytes, &at, min: 2, max: 2) else { return nil }
            fields.second = second
            if skip(".", &at) || skip(",", &at) {
                guard DatePattern.number(bytes, &at, min: 1, max: 9) != nil else { return nil }
            }
        }
        guard at < bytes.count else { return fields }
        if skip("Z", &at) || skip("z", &at) {
            fields.offset = 0
        } else if bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") {
            let sign = bytes[at] == UInt8(ascii: "-") ? -1 : 1
            at += 1
            guard let hours = DatePattern.number(bytes, &at, min: 2, max: 2), hours <= 18 else { return nil }
            _ = skip(":", &at)
            let minutes = DatePattern.number(bytes, &at, min: 2, max: 2) ?? 0
            fields.offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        return at == bytes.count ? fields : nil
    }
}
