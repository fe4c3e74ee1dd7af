/// The mapping's `settings` block.
package struct Settings: Sendable {
    package enum DateOrder: String, Sendable { case dmy = "DMY", mdy = "MDY", ymd = "YMD" }

    package var timezone = "Europe/Berlin"
    package var dateOrder = DateOrder.dmy
    /// Country calling code for national numbers, with its `+`.
    package var phoneCountry = "+49"
    /// `phone_country: address`: a national number takes the calling code of the row's address
    /// country (`person.country`); `phoneCountry` then applies only when the mapping gave a
    /// default for rows without one (`phoneCountryIsDefault`).
    package var phoneCountryFromAddress = false
    package var phoneCountryIsDefault = false
    /// The attachments folder, already resolved against the mapping file's folder.
    package var attachments: String?
    /// Extra spellings per normalizer family (`country`, `salutation`, `title`, `boolean`), keys folded.
    package var aliases: [String: [String: String]] = [:]
    /// Vendors accepted besides SUMSUB, IDNOW and WEBID, upper-cased.
    package var vendors: [String] = []
    /// Whether a document expired at the as-of date rejects the row.
    package var expiredDocumentIsError = false

    package static let aliasFamilies = ["country", "salutation", "title", "boolean"]
}
