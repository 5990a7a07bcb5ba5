/// The integration credentials of one environment of the sandbox organization.
package struct SandboxCredentials: Sendable, Hashable {
    package var clientID: String
    package var clientSecret: String
    /// The application id carried in tokens.
    package var applicationID: String

    package init(clientID: String, clientSecret: String, applicationID: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.applicationID = applicationID
    }

    /// Fresh random credentials.
    package static func random() -> SandboxCredentials {
        SandboxCredentials(
            clientID: StoredRecord.newID() + StoredRecord.newID() + StoredRecord.newID(),
            clientSecret: StoredRecord.newID() + StoredRecord.newID() + StoredRecord.newID() + StoredRecord.newID(),
            applicationID: StoredRecord.newID())
    }
}
