/// One field of the Reliance payload: its JSON name, shape and requirement.
public struct Field: Sendable {
    /// How a field nests.
    public indirect enum Shape: Sendable {
        case value(ValueKind)
        /// An array of scalars (`phonePriv`).
        case array(ValueKind)
        case object([Field])
        /// An array of objects (`bankAccounts`).
        case list([Field])
    }

    /// When a value must be present.
    public enum Requirement: Sendable, Equatable {
        case required
        case optional
        /// Required when `professional.isProfessional` is true.
        case whenProfessional
        /// Required when the named boolean sibling is true (`pepHit` when `pep`).
        case whenTrue(String)
        /// Filled by the converter when the mapping leaves it out (keys, `modified`, `type`).
        case generated
    }

    public let name: String
    public let shape: Shape
    public let requirement: Requirement
    public let summary: String
    /// The name as a JSON string literal and its colon, written before the field's value in every `main.json`.
    let jsonKey: [UInt8]

    public init(_ name: String, _ shape: Shape, _ requirement: Requirement, _ summary: String = "") {
        self.name = name
        self.shape = shape
        self.requirement = requirement
        self.summary = summary
        jsonKey = JSONWriter.literal(name) + [UInt8(ascii: ":")]
    }

    public var children: [Field]? {
        switch shape {
        case let .object(fields), let .list(fields): fields
        case .value, .array: nil
        }
    }
}
