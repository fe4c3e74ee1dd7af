import Testing
@testable import RelianceKit

@Suite("Key register")
struct KeyRegistryTests {
    @Test("a key is found with the row that took it; 200,000 other keys are not mistaken for one")
    func registers() {
        var keys = KeyRegistry()
        for index in 0..<200_000 {
            let key = "CUST_\(index)"
            #expect(keys.claim(for: key) == nil, "\(key)")
            keys.register(key, row: index + 2)
        }
        #expect(keys.claim(for: "CUST_0")?.row == 2 && keys.claim(for: "CUST_199999")?.row == 200_001)
        #expect(keys.claim(for: "CUST_200000") == nil && keys.claim(for: "cust_0") == nil)
    }

    @Test("the first row keeps its claim; a key counts as converted only once its ZIP is written")
    func claims() {
        var keys = KeyRegistry()
        keys.register("CUST_1", row: 14)
        keys.register("CUST_1", row: 86)
        #expect(keys.claim(for: "CUST_1") == KeyRegistry.Claim(row: 14, converted: false))
        #expect(!keys.wasConverted("CUST_1"))
        keys.markConverted("CUST_1")
        #expect(keys.wasConverted("CUST_1") && keys.claim(for: "CUST_1")?.row == 14)
        keys.markConverted("CUST_2")
        #expect(!keys.wasConverted("CUST_2"), "a key no row claimed is not converted")
    }
}
