import Foundation
import Yams

/// Finds a profile in the environment variables or a credentials file.
///
/// Environment: `LAYERCLONE_<PROFILE>_CLIENT_ID`, `_CLIENT_SECRET`, `_BASE_URL`, optional
/// `_AUTH_URL` (profile name upper-cased, `-` as `_`). Credentials file (YAML, mode 0600):
///
/// ```yaml
/// profiles:
///   test:
///     client_id: …
///     client_secret: …
///     base_url: https://acme.commercelayer.io
///     auth_url: https://auth.commercelayer.io/oauth/token   # optional
/// ```
/// The environment wins when it defines the profile.
package struct ProfileResolver: Sendable {
    /// The environment variables to read.
    package let environment: [String: String]
    /// The credentials file, if any.
    package let credentialsFile: URL?
    /// Whether the user named the file (`--credentials-file`, `$LAYERCLONE_CREDENTIALS`): then
    /// its absence is reported as such, not as an undefined profile.
    package let credentialsFileNamed: Bool

    package init(
        environment: [String: String] = ProcessInfo.processInfo.environment, credentialsFile: URL? = nil,
        credentialsFileNamed: Bool = false
    ) {
        self.environment = environment
        self.credentialsFile = credentialsFile
        self.credentialsFileNamed = credentialsFileNamed
    }

    /// The resolver for a `--credentials-file` argument (nil: the default file).
    package static func forArgument(_ path: String?, environment: [String: String]) -> ProfileResolver {
        let named = path != nil || !(environment["LAYERCLONE_CREDENTIALS"] ?? "").isEmpty
        let file = path.map { URL(fileURLWithPath: $0) } ?? defaultCredentialsFile(environment: environment)
        return ProfileResolver(environment: environment, credentialsFile: file, credentialsFileNamed: named)
    }

    /// The default credentials file: `$LAYERCLONE_CREDENTIALS`, else `~/.layerclone/credentials.yml`.
    package static func defaultCredentialsFile(environment: [String: String]) -> URL {
        if let path = environment["LAYERCLONE_CREDENTIALS"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".layerclone/credentials.yml")
    }

    /// The environment-variable prefix of a profile: `LAYERCLONE_TEST_`.
    package static func variablePrefix(for profile: String) -> String {
        "LAYERCLONE_" + profile.uppercased().replacingOccurrences(of: "-", with: "_") + "_"
    }

    /// Resolves one profile.
    /// - Throws: `ProfileError` naming what is missing or wrong and where it looked.
    package func profile(named name: String) throws -> Profile {
        let prefix = Self.variablePrefix(for: name)
        if environment.keys.contains(where: { $0.hasPrefix(prefix) }) {
            let source = "environment variables \(prefix)*"
            func value(_ key: String) throws -> String {
                guard let value = environment[prefix + key], !value.isEmpty else {
                    throw ProfileError.missingValue(profile: name, key: prefix + key, source: source)
                }
                return value
            }
            return try Self.makeProfile(
                name: name, clientID: value("CLIENT_ID"), secret: value("CLIENT_SECRET"), base: value("BASE_URL"),
                auth: environment[prefix + "AUTH_URL"].flatMap { $0.isEmpty ? nil : $0 })
        }
        var looked = ["environment variables \(prefix)*"]
        if let file = credentialsFile {
            looked.append(file.path)
            if credentialsFileNamed, !FileManager.default.fileExists(atPath: file.path) {
                throw ProfileError.missingCredentialsFile(path: file.path, profile: name)
            }
            if FileManager.default.fileExists(atPath: file.path),
                let entry = try Self.readFile(file)[name]
            {
                let source = "\(file.path) (profiles.\(name))"
                func value(_ key: String) throws -> String {
                    guard let value = entry[key], !value.isEmpty else {
                        throw ProfileError.missingValue(profile: name, key: key, source: source)
                    }
                    return value
                }
                return try Self.makeProfile(
                    name: name, clientID: value("client_id"), secret: value("client_secret"),
                    base: value("base_url"), auth: entry["auth_url"])
            }
        }
        throw ProfileError.notFound(profile: name, looked: looked)
    }

    private static func makeProfile(
        name: String, clientID: String, secret: String, base: String, auth: String?
    ) throws -> Profile {
        guard let baseURL = URL(string: base) else {
            throw ProfileError.invalidURL(profile: name, field: "base URL", value: base)
        }
        var tokenURL: URL?
        if let auth {
            guard let url = URL(string: auth) else {
                throw ProfileError.invalidURL(profile: name, field: "token URL", value: auth)
            }
            tokenURL = url
        }
        return try Profile(
            name: name, clientID: clientID, clientSecret: Secret(secret), baseURL: baseURL, tokenURL: tokenURL)
    }

    /// Reads the profiles of a credentials file, refusing it unless only its owner can read it.
    ///
    /// A symbolic link is followed, and the mode checked (and named in the advice) is the
    /// mode of the file it points to; a folder or anything but a regular file is refused.
    static func readFile(_ file: URL) throws -> [String: [String: String]] {
        let path = file.path
        let real = file.resolvingSymlinksInPath().path
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: real)
        } catch {
            throw ProfileError.unreadableCredentialsFile(path: path, reason: "cannot stat it")
        }
        let via = real == path ? "" : " (the target of the link \(path))"
        switch attributes[.type] as? FileAttributeType {
        case .typeRegular?: break
        case .typeDirectory?:
            throw ProfileError.unreadableCredentialsFile(
                path: real + via,
                reason: "it is a folder; give the path of the credentials file (YAML), "
                    + "with --credentials-file or LAYERCLONE_CREDENTIALS")
        default:
            throw ProfileError.unreadableCredentialsFile(
                path: real + via, reason: "it is not a regular file; give the path of the credentials file (YAML)")
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
        guard mode & 0o077 == 0 else {
            throw ProfileError.credentialsFileTooOpen(path: real, mode: String(mode, radix: 8))
        }
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw ProfileError.unreadableCredentialsFile(path: path, reason: "not readable UTF-8 text")
        }
        let root: Any?
        do {
            root = try Yams.load(yaml: text)
        } catch {
            // Yams errors quote the offending text, which may be a secret: report the position only.
            let position = (error as? YamlError).map(Self.position) ?? "invalid YAML"
            throw ProfileError.unreadableCredentialsFile(path: path, reason: position)
        }
        guard let top = root as? [String: Any], let profiles = top["profiles"] as? [String: Any] else {
            throw ProfileError.unreadableCredentialsFile(path: path, reason: "expected a top-level `profiles:` mapping")
        }
        var result: [String: [String: String]] = [:]
        for (name, value) in profiles {
            guard let entry = value as? [String: Any] else {
                throw ProfileError.unreadableCredentialsFile(
                    path: path, reason: "profiles.\(name) must be a mapping of client_id, client_secret, base_url")
            }
            result[name] = entry.compactMapValues { $0 is String || $0 is Int ? "\($0)" : nil }
        }
        return result
    }

    private static func position(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            "invalid YAML at line \(mark.line), column \(mark.column)"
        default: "invalid YAML"
        }
    }
}
