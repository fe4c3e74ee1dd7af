import Testing
@testable import RelianceKit

@Suite("Key register")
struct KeyRegistryTests {
    @Test("a key is found with the row that took it; 200,000 other keys are not mistaken for one")
    func registers() {
        var keys = KeyRegistry()
        for index in 0..<200_000 {
            let key = "CUST_\(index)"
            #expect(keys.firstRow(for: key) == nil, "\(key)")
            keys.register(key, row: index + 2)
        }
        #expect(keys.firstRow(for: "CUST_0") == 2 && keys.firstRow(for: "CUST_199999") == 200_001)
        #expect(keys.firstRow(for: "CUST_200000") == nil && keys.firstRow(for: "cust_0") == nil)
    }
}
