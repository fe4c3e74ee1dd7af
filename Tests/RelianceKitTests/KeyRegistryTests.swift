import Testing
@testable import RelianceKit

@Suite("Key register")
struct KeyRegistryTests {
    @Test("a key is found with the row that took it; 200,000 other keys are not mistaken for one")
    func registers() {
        var keys = KeyRegistry()
        for index in 0..<200_000 {
            let key = "CUST_\(index)"
            #expect(keys.claim(key, row: index + 2).earlier == nil, "\(key)")
        }
        #expect(keys.claim("CUST_0", row: 9).earlier?.row == 2 && keys.claim("CUST_199999", row: 9).earlier?.row == 200_001)
        #expect(keys.claim("CUST_200000", row: 9).earlier == nil && keys.claim("cust_0", row: 9).earlier == nil)
    }

    @Test("the first row keeps its claim; a key counts as converted only once its ZIP is written")
    func claims() {
        var keys = KeyRegistry()
        let (fingerprint, first) = keys.claim("CUST_1", row: 14)
        #expect(first == nil)
        #expect(keys.claim("CUST_1", row: 86).earlier == KeyRegistry.Claim(row: 14, converted: false))
        #expect(!keys.wasConverted("CUST_1"))
        keys.markConverted(fingerprint)
        #expect(keys.wasConverted("CUST_1") && keys.claim("CUST_1", row: 90).earlier?.row == 14)
        keys.markConverted(KeyRegistry.fingerprint("CUST_2"))
        #expect(!keys.wasConverted("CUST_2"), "a key no row claimed is not converted")
    }
}
