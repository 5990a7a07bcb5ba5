import ResourceCatalog
import Testing

@testable import LayerCloneCore

@Suite("Comparing a type between source and target")
struct TypeComparisonTests {
    let source: [(identity: String, fields: [String: JSONValue])] = [
        ("code=A", ["name": "Alpha", "price_list": "code=EUR"]),
        ("code=B", ["name": "Beta", "weight": 1.5]),
        ("code=C", ["name": "Gamma"]),
    ]

    @Test("equal sides are equal, blank and missing fields alike, numbers by value")
    func equal() {
        let target: [(identity: String, fields: [String: JSONValue])] = [
            ("code=C", ["name": "Gamma", "description": ""]),
            ("code=B", ["name": "Beta", "weight": 1.5, "tags": []]),
            ("code=A", ["name": "Alpha", "price_list": "code=EUR", "metadata": .null]),
        ]
        let comparison = TypeComparison.compare(type: "skus", source: source, target: target)
        #expect(comparison.isEqual)
        #expect(comparison.findings.isEmpty)
    }

    @Test("a deleted record, an extra one and a changed attribute are each reported with the identity")
    func differences() {
        let target: [(identity: String, fields: [String: JSONValue])] = [
            ("code=A", ["name": "Alpha", "price_list": "code=USD"]),
            ("code=B", ["name": "Beta", "weight": 1.5]),
            ("code=Z", ["name": "Zeta"]),
        ]
        let comparison = TypeComparison.compare(type: "skus", source: source, target: target)
        #expect(!comparison.isEqual)
        #expect(comparison.missing == ["code=C"])
        #expect(comparison.extra == ["code=Z"])
        #expect(comparison.different == [.init(identity: "code=A", fields: ["price_list"])])
        #expect(
            comparison.findings == [
                "skus: missing in the target: code=C", "skus: only in the target: code=Z",
                "skus: code=A differs in price_list",
            ])
    }

    @Test("two target records with one identity are a duplicate")
    func duplicate() {
        let target: [(identity: String, fields: [String: JSONValue])] = [
            ("code=A", ["name": "Alpha", "price_list": "code=EUR"]),
            ("code=A", ["name": "Alpha", "price_list": "code=EUR"]),
            ("code=B", ["name": "Beta", "weight": 1.5]), ("code=C", ["name": "Gamma"]),
        ]
        let comparison = TypeComparison.compare(type: "skus", source: source, target: target)
        #expect(comparison.duplicatedInTarget == ["code=A"])
        #expect(!comparison.isEqual)
    }
}
