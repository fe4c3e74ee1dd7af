/// The mapping's `settings` block.
public struct Settings: Sendable {
    public enum DateOrder: String, Sendable { case dmy = "DMY", mdy = "MDY", ymd = "YMD" }

    public var timezone = "Europe/Berlin"
    public var dateOrder = DateOrder.dmy
    /// Country calling code for national numbers, with its `+`.
    public var phoneCountry = "+49"
    /// `phone_country: address`: a national number takes the calling code of the row's address
    /// country (`person.country`); `phoneCountry` then applies only when the mapping gave a
    /// default for rows without one (`phoneCountryIsDefault`).
    public var phoneCountryFromAddress = false
    public var phoneCountryIsDefault = false
    /// The attachments folder, already resolved against the mapping file's folder.
    public var attachments: String?
    /// Extra spellings per normalizer family (`country`, `salutation`, `title`, `boolean`), keys folded.
    public var aliases: [String: [String: String]] = [:]
    /// Vendors accepted besides SUMSUB, IDNOW and WEBID, upper-cased.
    public var vendors: [String] = []
    /// Whether a document expired at the as-of date rejects the row.
    public var expiredDocumentIsError = false

    public static let aliasFamilies = ["country", "salutation", "title", "boolean"]
}
