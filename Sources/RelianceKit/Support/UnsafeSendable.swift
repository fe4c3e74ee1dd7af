/// Hands a value to concurrent workers that each touch a disjoint part of it (a results buffer
/// written at distinct indexes), which the type system cannot see.
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
