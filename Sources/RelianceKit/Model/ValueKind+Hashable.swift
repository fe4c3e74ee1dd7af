extension ValueKind: Hashable {
    package func hash(into hasher: inout Hasher) {
        switch self {
        case let .date(role): hasher.combine(role)
        case let .key(prefix): hasher.combine(prefix)
        default: hasher.combine(displayName.utf8.count &* 31 &+ Int(displayName.utf8.first ?? 0))
        }
    }
}
