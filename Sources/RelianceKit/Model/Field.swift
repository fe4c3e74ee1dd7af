/// One field of the Reliance payload: its JSON name, shape and requirement.
package struct Field: Sendable {
    /// How a field nests.
    package indirect enum Shape: Sendable {
        case value(ValueKind)
        /// An array of scalars (`phonePriv`).
        case array(ValueKind)
        case object([Field])
        /// An array of objects (`bankAccounts`).
        case list([Field])
    }

    /// When a value must be present.
    package enum Requirement: Sendable, Equatable {
        case required
        case optional
        /// Required when `professional.isProfessional` is true.
        case whenProfessional
        /// Required when the named boolean sibling is true (`pepHit` when `pep`).
        case whenTrue(String)
        /// Filled by the converter when the mapping leaves it out (keys, `modified`, `type`).
        case generated
    }

    package let name: String
    package let shape: Shape
    package let requirement: Requirement
    package let summary: String
    /// The name as a JSON string literal and its colon, written before the field's value in every `main.json`.
    let jsonKey: [UInt8]

    package init(_ name: String, _ shape: Shape, _ requirement: Requirement, _ summary: String = "") {
        self.name = name
        self.shape = shape
        self.requirement = requirement
        self.summary = summary
        jsonKey = JSONWriter.literal(name) + [UInt8(ascii: ":")]
    }

    package var children: [Field]? {
        switch shape {
        case let .object(fields), let .list(fields): fields
        case .value, .array: nil
        }
    }
}
