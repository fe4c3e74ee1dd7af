/// One ISO 3166-1 country with the names it is known by.
struct ISOCountry: Sendable {
    let alpha2: String
    let alpha3: String
    let numeric: String
    let english: [String]
    let german: [String]
}

/// ISO 3166-1 and ISO 4217, generated from Debian's iso-codes (see `ISOTables.generated.swift`).
enum ISOTables {}
