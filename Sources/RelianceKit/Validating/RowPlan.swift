/// The mapping laid over the schema once, before the first row: for every field its dotted path,
/// its mapping (if any) and, for list items, which leaves decide whether the item is present.
/// Rows then walk arrays instead of looking names up and building paths again and again.
final class RowPlan: @unchecked Sendable {
    /// One field, with what a row needs of it held directly (no `Field` copied per row).
    final class Entry {
        let name: String
        let requirement: Field.Requirement
        let path: String
        let node: Node

        init(field: Field, path: String, node: Node) {
            name = field.name
            requirement = field.requirement
            self.path = path
            self.node = node
        }
    }

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

    let entries: [Entry]

    init(fields: [Field], mapping: ObjectMapping?, path: String) {
        entries = fields.map { field in
            let fieldPath = path.isEmpty ? field.name : path + "." + field.name
            let mapped = mapping?.fields[field.name]
            switch field.shape {
            case let .value(kind):
                var leaf: Leaf?
                if case let .leaf(value)? = mapped { leaf = value }
                return Entry(field: field, path: fieldPath, node: .leaf(kind, leaf))
            case let .array(kind):
                switch mapped {
                case let .leaf(leaf)?: return Entry(field: field, path: fieldPath, node: .array(kind, [leaf], split: leaf.split))
                case let .leaves(leaves)?: return Entry(field: field, path: fieldPath, node: .array(kind, leaves, split: nil))
                default: return Entry(field: field, path: fieldPath, node: .array(kind, [], split: nil))
                }
            case let .object(children):
                var child: ObjectMapping?
                if case let .object(value)? = mapped { child = value }
                return Entry(field: field, path: fieldPath, node: .object(RowPlan(fields: children, mapping: child, path: fieldPath)))
            case let .list(children):
                guard case let .list(items)? = mapped else { return Entry(field: field, path: fieldPath, node: .list([])) }
                let planned = items.enumerated().map { offset, item in
                    let itemPath = "\(fieldPath)[\(offset + 1)]"
                    var direct: [Leaf] = []
                    var indirect: [Leaf] = []
                    RowPlan.collectLeaves(item, direct: &direct, indirect: &indirect)
                    return Item(plan: RowPlan(fields: children, mapping: item, path: itemPath), path: itemPath, index: offset + 1,
                                presence: direct.isEmpty ? indirect : direct, mapsRequired: RowPlan.mapsRequiredField(item, children))
                }
                return Entry(field: field, path: fieldPath, node: .list(planned))
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
