/// Why a profile could not be read. Messages never include secrets.
package enum ProfileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A URL that is not absolute http(s).
    case invalidURL(profile: String, field: String, value: String)
    /// `http://` for a host other than the local machine.
    case insecureURL(profile: String, field: String, value: String)
    /// A URL with `user:password@` (the value shown has them removed).
    case credentialsInURL(profile: String, field: String, value: String)
    /// A base URL with a path, query or fragment (`https://acme.commercelayer.io/api`).
    case baseURLHasPath(profile: String, value: String)
    /// Neither the environment nor the credentials file defines the profile.
    case notFound(profile: String, looked: [String])
    /// The profile lacks a required value.
    case missingValue(profile: String, key: String, source: String)
    /// The credentials file is readable by others.
    case credentialsFileTooOpen(path: String, mode: String)
    /// The credentials file the user named does not exist.
    case missingCredentialsFile(path: String, profile: String)
    /// The credentials file cannot be read or parsed.
    case unreadableCredentialsFile(path: String, reason: String)

    package var description: String {
        switch self {
        case .invalidURL(let profile, let field, let value):
            "profile \(profile): \(field) \"\(Profile.redacted(value))\" is not an absolute http(s) URL"
        case .insecureURL(let profile, let field, let value):
            "profile \(profile): \(field) \"\(value)\" uses http://, which is allowed only for localhost; use https://"
        case .credentialsInURL(let profile, let field, let value):
            "profile \(profile): \(field) \"\(value)\" holds a user name or password before `@`; "
                + "remove them: layerclone authenticates with client_id and client_secret only"
        case .baseURLHasPath(let profile, let value):
            "profile \(profile): base URL \"\(value)\" must be the host only, such as "
                + "https://acme.commercelayer.io (no /api or other path: layerclone adds /api itself)"
        case .notFound(let profile, let looked):
            "profile \(profile) is not defined; looked in \(looked.joined(separator: " and "))"
        case .missingValue(let profile, let key, let source):
            "profile \(profile): \(key) is missing in \(source)"
        case .credentialsFileTooOpen(let path, let mode):
            "credentials file \(path) has mode \(mode); it holds secrets, run `chmod 600 \(path)`"
        case .missingCredentialsFile(let path, let profile):
            "credentials file \(path) does not exist (profile \(profile) was to be read from it); check the path, "
                + "or define the profile with LAYERCLONE_\(profile.uppercased().replacingOccurrences(of: "-", with: "_"))_* variables"
        case .unreadableCredentialsFile(let path, let reason):
            "cannot read credentials file \(path): \(reason)"
        }
    }
}
