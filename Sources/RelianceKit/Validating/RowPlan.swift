/// The mapping laid over the schema once, before the first row: for every field its dotted path,
/// its mapping (if any) and, for list items, which leaves decide whether the item is present.
/// Rows then walk arrays instead of looking names up and building paths again and again.
///
/// One worker's: its value memos and its settled constants change as rows are read, so a plan is
/// not `Sendable`, and each worker builds its own (see `BatchPreparation.prepare`).
final class RowPlan {
    /// One field, with what a row needs of it held directly (no `Field` copied per row). Its
    /// shape's parts are plain properties, not enum payloads, so reading them per row copies nothing.
    final class PlannedField {
        enum Shape {
            case leaf, array, object, list
        }

        let name: String
        let requirement: Field.Requirement
        let path: String
        let shape: Shape
        /// Leaf and array: the value type.
        let kind: ValueKind
        /// Leaf: its mapping, if any.
        let leaf: Leaf?
        /// Array: the leaves, each one value, or one leaf split by `split`.
        let leaves: [Leaf]
        let split: String?
        /// Object: its fields.
        let child: RowPlan?
        /// List: the mapped items.
        let items: [Item]
        /// Leaf: one memo; array: one per leaf (each may read its own formats).
        let memos: [ValueMemo]
        /// Leaf: `leaf` and its memo, unretained, for `withMapping`.
        private let mapped: (leaf: Unmanaged<Leaf>, memo: Unmanaged<ValueMemo>)?
        /// Whether this is the customer's own mapped `modified`, which a row reads before the others.
        let isCustomerModified: Bool
        /// Leaf: what an empty cell (or no mapping) gives it, decided once from its type and requirement.
        let whenEmpty: EmptyCell
        /// Array: whether it is written even with no values (`[]`); an optional one is left out.
        var keepsEmptyArray: Bool { requirement != .optional }

        /// What an empty leaf becomes (`RowEvaluator.emptyValue` makes it; the plan reserves room
        /// for the values and knows which are built from the row).
        enum EmptyCell {
            /// `PREFIX_id`, or `PREFIX_id_n` in a list item.
            case generatedKey(prefix: String)
            /// The customer's `modified`.
            case modified
            case zero
            /// An optional flag's `false`.
            case falseFlag
            /// A conditional field's `null`.
            case null
            /// A required field: the row is rejected.
            case missing
            /// Nothing: the field is left out.
            case nothing

            init(kind: ValueKind, requirement: Field.Requirement) {
                switch (kind, requirement) {
                case let (.key(prefix), _): self = .generatedKey(prefix: prefix)
                case (.timestamp, .generated): self = .modified
                case (.zero, _): self = .zero
                case (.boolean, .optional): self = .falseFlag
                case (_, .required): self = .missing
                case (_, .whenTrue): self = .null
                case (_, .optional), (_, .whenProfessional), (_, .generated): self = .nothing
                }
            }

            /// Whether the value is built from the row (its customer id or `modified`), not fixed.
            var isBuiltFromRow: Bool {
                switch self {
                case .generatedKey, .modified: true
                case .zero, .falseFlag, .null, .missing, .nothing: false
                }
            }

            /// Whether the field has a value even when its cell is empty.
            var givesValue: Bool {
                switch self {
                case .generatedKey, .modified, .zero, .falseFlag, .null: true
                case .missing, .nothing: false
                }
            }
        }

        /// - Parameter bank: memos kept from an earlier plan (the studio's); nil for fresh ones.
        init(field: Field, path: String, node: Node, bank: MemoBank? = nil) {
            name = field.name
            requirement = field.requirement
            self.path = path
            var kind = ValueKind.text
            var leaf: Leaf?
            var leaves: [Leaf] = []
            var split: String?
            var child: RowPlan?
            var items: [Item] = []
            switch node {
            case let .leaf(valueKind, mapped):
                shape = .leaf
                (kind, leaf) = (valueKind, mapped)
            case let .array(valueKind, mapped, separator):
                shape = .array
                (kind, leaves, split) = (valueKind, mapped, separator)
            case let .object(plan):
                shape = .object
                child = plan
            case let .list(planned):
                shape = .list
                items = planned
            }
            (self.kind, self.leaf, self.leaves, self.split, self.child, self.items) = (kind, leaf, leaves, split, child, items)
            let memos = shape == .leaf ? [leaf.flatMap { bank?.memo(path: path, position: 0, leaf: $0, kind: kind) } ?? ValueMemo(kind: kind)]
                : leaves.enumerated().map { bank?.memo(path: path, position: $0, leaf: $1, kind: kind) ?? ValueMemo(kind: kind) }
            self.memos = memos
            isCustomerModified = path == "modified" && leaf != nil
            whenEmpty = EmptyCell(kind: kind, requirement: field.requirement)
            mapped = leaf.map { (Unmanaged.passUnretained($0), Unmanaged.passUnretained(memos[0])) }
        }

        /// Leaf: calls `body` with its mapping and memo and returns what it returns; nil when the
        /// leaf is not mapped. Both are lent for the call without a retain each (see `forEachField`).
        func withMapping<Result>(_ body: (Leaf, ValueMemo) -> Result) -> Result? {
            guard let mapped else { return nil }
            return mapped.leaf._withUnsafeGuaranteedRef { leaf in mapped.memo._withUnsafeGuaranteedRef { memo in body(leaf, memo) } }
        }
    }

    /// A field's shape as the plan is built.
    enum Node {
        case leaf(ValueKind, Leaf?)
        case array(ValueKind, [Leaf], split: String?)
        case object(RowPlan)
        case list([Item])
    }

    final class Item {
        let plan: RowPlan
        let path: String
        let index: Int
        /// The leaves whose cells keep the item (direct cells, else templates); empty: always present.
        let presence: [Leaf]
        let mapsRequired: Bool

        init(plan: RowPlan, path: String, index: Int, presence: [Leaf], mapsRequired: Bool) {
            self.plan = plan
            self.path = path
            self.index = index
            self.presence = presence
            self.mapsRequired = mapsRequired
        }
    }

    let fields: [PlannedField]
    /// The same fields, unretained, for `forEachField`.
    private let fieldReferences: [Unmanaged<PlannedField>]

    /// Calls `body` with each field in order, lent without a retain.
    ///
    /// Why unretained, and why it is sound: a row's walk reads every field, leaf and memo of the
    /// plan, and a retain and a release for each (the compiler must keep a class loaded from an
    /// array alive across the opaque normalizer call) cost 6 % of `validate` on the realistic
    /// benchmark. `_withUnsafeGuaranteedRef` is the standard library's one way to borrow a class
    /// reference without that pair. The plan owns `fields` (and each its leaf and memo) for
    /// as long as it lives, nothing replaces them after `init`, and the reference is lent only for
    /// the length of a non-escaping call on the plan, so it cannot outlive its owner. Unmanaged
    /// references stay inside this file.
    func forEachField(_ body: (PlannedField) -> Void) {
        for reference in fieldReferences { reference._withUnsafeGuaranteedRef(body) }
    }

    /// Whether every row gives this object the same record: nothing in it is mapped, and nothing
    /// in it is built from the row (keys from the customer id, timestamps from `modified`).
    let isConstant: Bool
    /// How many of the fields a row's record may hold: those mapped, and those an empty cell still
    /// gives a value (a generated key or timestamp, a zero, an optional flag's `false`, a
    /// conditional `null`), with every object and mapped list. A record reserves this much room,
    /// not one place per field of the schema: most are not mapped, and the person's record would
    /// take more than the allocator keeps at hand for small blocks.
    let mostPresent: Int
    /// That record, evaluated once before the first row (see `RowEvaluator.init`); rows share it.
    var constant: Record?

    /// How many values each field had rewritten while their notes were not kept, by field path
    /// (values of an array under `path[]`).
    func rewrittenCounts() -> [(path: String, count: Int)] {
        var counts: [(path: String, count: Int)] = []
        for entry in fields {
            switch entry.shape {
            case .leaf, .array:
                let count = entry.memos.reduce(0) { $0 + $1.rewritten }
                if count > 0 { counts.append((entry.shape == .array ? entry.path + "[]" : entry.path, count)) }
            case .object:
                counts += entry.child?.rewrittenCounts() ?? []
            case .list:
                for item in entry.items { counts += item.plan.rewrittenCounts() }
            }
        }
        return counts
    }

    init(fields: [Field], mapping: ObjectMapping?, path: String, bank: MemoBank? = nil) {
        self.fields = fields.map { field in
            let fieldPath = path.isEmpty ? field.name : path + "." + field.name
            let mapped = mapping?.fields[field.name]
            switch field.shape {
            case let .value(kind):
                var leaf: Leaf?
                if case let .leaf(value)? = mapped { leaf = value }
                return PlannedField(field: field, path: fieldPath, node: .leaf(kind, leaf), bank: bank)
            case let .array(kind):
                switch mapped {
                case let .leaf(leaf)?: return PlannedField(field: field, path: fieldPath, node: .array(kind, [leaf], split: leaf.split), bank: bank)
                case let .leaves(leaves)?: return PlannedField(field: field, path: fieldPath, node: .array(kind, leaves, split: nil), bank: bank)
                default: return PlannedField(field: field, path: fieldPath, node: .array(kind, [], split: nil))
                }
            case let .object(children):
                var child: ObjectMapping?
                if case let .object(value)? = mapped { child = value }
                return PlannedField(field: field, path: fieldPath, node: .object(RowPlan(fields: children, mapping: child, path: fieldPath, bank: bank)))
            case let .list(children):
                guard case let .list(items)? = mapped else { return PlannedField(field: field, path: fieldPath, node: .list([])) }
                let planned = items.enumerated().map { offset, item in
                    let itemPath = "\(fieldPath)[\(offset + 1)]"
                    var direct: [Leaf] = []
                    var indirect: [Leaf] = []
                    RowPlan.collectLeaves(item, direct: &direct, indirect: &indirect)
                    return Item(plan: RowPlan(fields: children, mapping: item, path: itemPath, bank: bank), path: itemPath, index: offset + 1,
                                presence: direct.isEmpty ? indirect : direct, mapsRequired: RowPlan.mapsRequiredField(item, children))
                }
                return PlannedField(field: field, path: fieldPath, node: .list(planned))
            }
        }
        fieldReferences = self.fields.map { Unmanaged.passUnretained($0) }
        mostPresent = self.fields.count { entry in
            switch entry.shape {
            case .leaf: return entry.leaf != nil || entry.whenEmpty.givesValue
            case .array: return !entry.leaves.isEmpty || entry.keepsEmptyArray
            case .object: return true
            case .list: return !entry.items.isEmpty
            }
        }
        isConstant = self.fields.allSatisfy { entry in
            switch entry.shape {
            case .leaf, .array:
                if entry.whenEmpty.isBuiltFromRow { return false }
                return entry.leaf == nil && entry.leaves.isEmpty && entry.requirement != .required
            case .object: return entry.child?.isConstant ?? true
            case .list: return entry.items.isEmpty
            }
        }
    }

    private static func collectLeaves(_ object: ObjectMapping, direct: inout [Leaf], indirect: inout [Leaf]) {
        for key in object.fields.keys.sorted() {
            switch object.fields[key] {
            case let .leaf(leaf)?:
                if leaf.readsCellsDirectly { direct.append(leaf) } else if case .template = leaf.source { indirect.append(leaf) }
            case let .leaves(leaves)?:
                for leaf in leaves where leaf.readsCellsDirectly { direct.append(leaf) }
            case let .object(child)?:
                collectLeaves(child, direct: &direct, indirect: &indirect)
            case let .list(items)?:
                for item in items { collectLeaves(item, direct: &direct, indirect: &indirect) }
            case nil:
                break
            }
        }
    }

    private static func mapsRequiredField(_ item: ObjectMapping, _ fields: [Field]) -> Bool {
        fields.contains { field in
            guard item.fields[field.name] != nil else { return false }
            if field.requirement == .required { return true }
            if case let .object(children) = field.shape, case let .object(child)? = item.fields[field.name] {
                return mapsRequiredField(child, children)
            }
            return false
        }
    }
}
