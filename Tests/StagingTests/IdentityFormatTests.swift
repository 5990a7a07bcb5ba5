import Foundation
import ResourceCatalog
import Testing

@testable import Staging

@Suite("Staging: identities follow IdentityFormat on both sides")
struct IdentityFormatTests {
    @Test("natural key, reference and fingerprint identities, escaped, equal as source and as target identities")
    func formats() throws {
        let store = try StagingStore.inMemory()
        try store.loader.load(
            records: [
                ["id": "a", "code": #"A|B[1]\"#, "name": "escaped"],
                ["id": "b", "name": "no code", "reference": "R|1"],
                ["id": "c", "name": "neither"],
            ], type: "skus", name: "skus")
        let identities = try store.identities.stagedIdentities(type: "skus")
        let escaped = IdentityFormat.escapedCharacters.reduce(#"A|B[1]\"#) { text, character in
            character == "\\"
                ? text.replacingOccurrences(of: "\\", with: "\\\\")
                : text.replacingOccurrences(of: String(character), with: "\\\(character)")
        }
        #expect(escaped == #"A\|B\[1\]\\"#)
        #expect(identities.contains("code=" + escaped))
        #expect(identities.contains(IdentityFormat.referencePrefix + #"R\|1"#))
        let fingerprint = try #require(identities.first { $0.hasPrefix(IdentityFormat.fingerprintPrefix) })
        #expect(fingerprint.count == IdentityFormat.fingerprintPrefix.count + 32)
        #expect(identities.count == 3)
        try store.identities.computeTargetIdentities(type: "skus")
        #expect(try store.comparison.identitiesInTarget(type: "skus") == Set(identities))
    }
}
