/// The countries whose postal codes are a fixed number of digits that may begin with 0. A
/// spreadsheet that read such a code as a number dropped those zeros (`00186` became `186`), and
/// for these countries they can be put back without a guess.
///
/// Each entry was checked against Google's libaddressinput address data (the `zip` pattern and
/// its examples) and the postal operator's codes; `example` is a code that begins with the most
/// zeros the entry restores. Left out on purpose: codes whose length varies or that hold letters
/// (GB, NL, CA, IE, MT, AR), codes written with a separator that keeps a spreadsheet from reading
/// them as numbers (PL `00-950`, PT, JP, BR), and codes that never begin with 0 (AT, CH, BE, LU,
/// DK's package codes, SE, GR, CZ, HU, HR, EE, LV, SI, BG).
enum PostalCodes {
    struct Format: Sendable {
        let country: String
        let name: String
        /// The digits every code of the country has.
        let digits: Int
        /// The fewest digits a code keeps once its zeros are gone (Italy's `00010` keeps `10`): a
        /// shorter value is not read as a code that lost zeros.
        let fewest: Int
        /// A code that begins with as many zeros as `fewest` allows, for the documentation.
        let example: String
    }

    static let formats: [Format] = [
        Format(country: "DE", name: "Germany", digits: 5, fewest: 4, example: "01067"),
        Format(country: "ES", name: "Spain", digits: 5, fewest: 4, example: "01001"),
        Format(country: "FI", name: "Finland", digits: 5, fewest: 2, example: "00011"),
        Format(country: "FR", name: "France", digits: 5, fewest: 4, example: "01000"),
        Format(country: "IT", name: "Italy", digits: 5, fewest: 2, example: "00010"),
        Format(country: "KR", name: "South Korea", digits: 5, fewest: 4, example: "03051"),
        Format(country: "LT", name: "Lithuania", digits: 5, fewest: 4, example: "04340"),
        Format(country: "MX", name: "Mexico", digits: 5, fewest: 4, example: "02860"),
        Format(country: "NO", name: "Norway", digits: 4, fewest: 2, example: "0025"),
        Format(country: "PR", name: "Puerto Rico", digits: 5, fewest: 3, example: "00601"),
        Format(country: "RO", name: "Romania", digits: 6, fewest: 5, example: "060274"),
        Format(country: "SK", name: "Slovakia", digits: 5, fewest: 4, example: "01001"),
        Format(country: "TR", name: "Türkiye", digits: 5, fewest: 4, example: "01960"),
        Format(country: "UA", name: "Ukraine", digits: 5, fewest: 4, example: "01001"),
        Format(country: "US", name: "United States", digits: 5, fewest: 3, example: "00501"),
        Format(country: "VA", name: "Vatican City", digits: 5, fewest: 3, example: "00120"),
        Format(country: "VI", name: "U.S. Virgin Islands", digits: 5, fewest: 3, example: "00801"),
    ]

    /// The formats over the two letters of their country (A–Z each): the rule looks one up for
    /// every row, without hashing a string.
    private static let byCountry: [Format?] = {
        var table = [Format?](repeating: nil, count: 26 * 26)
        for format in formats {
            let letters = Array(format.country.utf8)
            table[Int(letters[0] - 0x41) * 26 + Int(letters[1] - 0x41)] = format
        }
        return table
    }()

    /// The format of `country` (an alpha-2 code), when its codes are fixed digits that may begin with 0.
    static func format(of country: String) -> Format? {
        let letters = country.utf8
        guard letters.count == 2, let first = letters.first, let second = letters.last,
              (0x41...0x5A).contains(first), (0x41...0x5A).contains(second) else { return nil }
        return byCountry[Int(first - 0x41) * 26 + Int(second - 0x41)]
    }

    /// `zip` with the zeros a spreadsheet dropped put back, when it is digits only and as short as
    /// the country's codes become without them; nil otherwise.
    static func restored(_ zip: String, format: Format) -> String? {
        let count = zip.utf8.count
        guard count >= format.fewest, count < format.digits, zip.allBytes({ (0x30...0x39).contains($0) }) else { return nil }
        return String(repeating: "0", count: format.digits - count) + zip
    }

    /// The table for docs/reference.md (a test keeps the document equal to it).
    static func markdown() -> String {
        var lines = ["| country | digits | a code of digits only restored when it has | example |", "| --- | --- | --- | --- |"]
        for format in formats {
            let from = format.fewest == format.digits - 1 ? "\(format.fewest)" : "\(format.fewest) to \(format.digits - 1)"
            let left = String(format.example.drop { $0 == "0" })
            lines.append("| \(format.name) (`\(format.country)`) | \(format.digits) | \(from) | `\(left)` → `\(format.example)` |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
