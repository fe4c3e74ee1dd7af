/// Checks for the values spreadsheets destroy and the identifiers banks use.
enum Identifiers {
    /// `4.9170E+11`: a number a spreadsheet turned into scientific notation, losing digits.
    static func isScientificNotation(_ text: String) -> Bool {
        guard text.anyByte({ $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) else { return false }
        var bytes = text.utf8[...]
        if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        var mantissaDigits = 0
        while let byte = bytes.first, (0x30...0x39).contains(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") {
            if (0x30...0x39).contains(byte) { mantissaDigits += 1 }
            bytes = bytes.dropFirst()
        }
        guard mantissaDigits > 0, bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") else { return false }
        bytes = bytes.dropFirst()
        if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        return !bytes.isEmpty && bytes.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// IBAN lengths per country, from the SWIFT IBAN registry.
    static let ibanLengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
        "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
        "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
        "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
        "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
        "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28,
        "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
        "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
        "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
    ]

    enum IBANProblem: Equatable {
        case unknownCountry(String)
        case wrongLength(country: String, expected: Int, actual: Int)
        case badCharacters
        case checksum
    }

    /// Checks a compacted, upper-case IBAN: country, length and the mod-97 check digits.
    static func checkIBAN(_ iban: String) -> IBANProblem? {
        var iban = iban
        return iban.withUTF8 { chars in
            guard chars.count >= 5, chars.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }),
                  chars[0...1].allSatisfy({ (0x41...0x5A).contains($0) }), chars[2...3].allSatisfy({ (0x30...0x39).contains($0) })
            else { return .badCharacters }
            let country = String(decoding: chars[0...1], as: UTF8.self)
            guard let expected = ibanLengths[country] else { return .unknownCountry(country) }
            guard chars.count == expected else { return .wrongLength(country: country, expected: expected, actual: chars.count) }
            // The check digits and country move to the end; letters count as 10…35.
            var remainder = 0
            for offset in 0..<chars.count {
                let byte = chars[(offset + 4) % chars.count]
                if byte <= 0x39 {
                    remainder = (remainder * 10 + Int(byte - 0x30)) % 97
                } else {
                    remainder = (remainder * 100 + Int(byte - 0x41 + 10)) % 97
                }
            }
            return remainder == 1 ? nil : .checksum
        }
    }

    /// A BIC: 4 letters (bank), a valid country, 2 letters or digits (location), and optionally 3 more (branch).
    static func isValidBIC(_ bic: String) -> Bool {
        var bic = bic
        return bic.withUTF8 { chars in
            guard chars.count == 8 || chars.count == 11 else { return false }
            let isLetter = { (byte: UInt8) in (0x41...0x5A).contains(byte) }
            let isAlnum = { (byte: UInt8) in isLetter(byte) || (0x30...0x39).contains(byte) }
            guard chars[0..<6].allSatisfy(isLetter), chars[6...].allSatisfy(isAlnum) else { return false }
            return Countries.isAlpha2Code(chars[4], chars[5]) || (chars[4] == UInt8(ascii: "X") && chars[5] == UInt8(ascii: "K"))
        }
    }

    /// The ASCII bytes a local part may hold, as a bit set over 0…127.
    private static let emailLocalBytes = AsciiSet("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-")

    /// A syntactic e-mail check: one `@`, a plausible local part and a dotted domain.
    static func isValidEmail(_ email: String) -> Bool {
        guard email.allBytes({ $0 < 0x80 }) else { return isValidUnicodeEmail(email) }
        var email = email
        return email.withUTF8 { isValidASCIIEmail($0) }
    }

    /// The same check for the usual all-ASCII address, byte by byte.
    private static func isValidASCIIEmail(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), bytes.lastIndex(of: UInt8(ascii: "@")) == at else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard (1...64).contains(local.count), (3...253).contains(domain.count) else { return false }
        let dot = UInt8(ascii: ".")
        guard local.first != dot, local.last != dot else { return false }
        var previous: UInt8 = 0
        for byte in local {
            guard emailLocalBytes.contains(byte), !(byte == dot && previous == dot) else { return false }
            previous = byte
        }
        // Dotted labels of letters, digits and inner hyphens; at least two, the last of two or more letters.
        let isLetter = { (byte: UInt8) in (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        var labels = 0
        var lastLabelIsLetters = false
        var start = domain.startIndex
        while true {
            let end = domain[start...].firstIndex(of: dot) ?? domain.endIndex
            let label = domain[start..<end]
            guard (1...63).contains(label.count), label.first != 0x2D, label.last != 0x2D,
                  label.allSatisfy({ isLetter($0) || (0x30...0x39).contains($0) || $0 == 0x2D }) else { return false }
            labels += 1
            lastLabelIsLetters = label.count >= 2 && label.allSatisfy(isLetter)
            guard end != domain.endIndex else { break }
            start = end + 1
        }
        return labels >= 2 && lastLabelIsLetters
    }

    private static func isValidUnicodeEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
              (1...64).contains(local.count), (3...253).contains(domain.count) else { return false }
        guard local.utf8.allSatisfy({ $0 >= 0x80 || emailLocalBytes.contains($0) }), !local.hasPrefix("."), !local.hasSuffix("."),
              !local.contains("..") else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard (1...63).contains(label.utf8.count), label.utf8.first != 0x2D, label.utf8.last != 0x2D else { return false }
            for byte in label.utf8 where !((0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D) {
                // Internationalized domain names: letters and digits of any script.
                guard byte >= 0x80, label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return false }
                break
            }
        }
        return labels.last.map { $0.count >= 2 && $0.allSatisfy(\.isLetter) } ?? false
    }
}
