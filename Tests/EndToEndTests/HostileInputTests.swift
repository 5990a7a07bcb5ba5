import Foundation
import LayerCloneTestSupport
import Sandbox
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Bad plans, work folders and credentials through the built executable: each is refused
/// with its exit code and a message naming what is wrong, before anything is sent or written.
@Suite("Hostile input through the executable")
struct HostileInputTests {
    /// Runs `body` with a fresh temporary folder, deleted afterwards.
    private func withFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
        let folder = try TemporaryFolder.make("layerclone-hostile")
        defer {
            // Restore permissions changed by a test so the folder can be removed.
            if let paths = FileManager.default.enumerator(atPath: folder.path) {
                for case let path as String in paths {
                    _ = chmod(folder.appendingPathComponent(path).path, 0o700)
                }
            }
            try? FileManager.default.removeItem(at: folder)
        }
        return try await body(folder)
    }

    private func write(_ text: String, to url: URL) throws {
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    // MARK: Plans (points 4 and 10)

    @Test("plan: a YAML alias bomb exits 65 at once, naming the file and line")
    func aliasBomb() async throws {
        try await withFolder { folder in
            let plan = folder.appendingPathComponent("bomb.yml")
            try write(aliasBombPlan(depth: 9), to: plan)
            let started = ContinuousClock.now
            let outcome = try await CLIProcess.run(
                ["plan", plan.path, "--offline"], environment: [:], directory: folder, timeout: .seconds(60))
            #expect(outcome.status == 65, "\(outcome)")
            #expect(outcome.standardError.contains("\(plan.path):"), "\(outcome)")
            #expect(outcome.standardError.contains("YAML aliases"), "\(outcome)")
            #expect(ContinuousClock.now - started < .seconds(30))
        }
    }

    @Test("plan: a folder, garbage bytes or an oversized file as the plan exits 65 naming it")
    func unreadablePlans() async throws {
        try await withFolder { folder in
            let garbage = folder.appendingPathComponent("garbage.yml")
            try Data([0xFF, 0xD8, 0xFF, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x81]).write(to: garbage)
            let big = folder.appendingPathComponent("big.yml")
            try write("resources:\n  skus:\n" + String(repeating: "# pad\n", count: 200_000), to: big)
            let cases = [
                (folder.path, "it is a folder, not a plan file"),
                (garbage.path, "it is not UTF-8 text"),
                (big.path, "a plan may be at most 1048576 bytes"),
            ]
            for (path, reason) in cases {
                let outcome = try await CLIProcess.run(
                    ["plan", path, "--offline"], environment: [:], directory: folder, timeout: .seconds(60))
                #expect(outcome.status == 65, "\(outcome)")
                #expect(outcome.standardError.contains("\(path): cannot read the plan: "), "\(outcome)")
                #expect(outcome.standardError.contains(reason), "\(outcome)")
                #expect(!outcome.standardError.contains("correct format"), "\(outcome)")
            }
        }
    }

    @Test("plan: a map as a filter value, or prices.sku_code masked alone, exits 65 at file:line:col")
    func invalidPlanOptions() async throws {
        try await withFolder { folder in
            let filter = folder.appendingPathComponent("filter.yml")
            try write(
                "source: test\ntarget: live\nresources:\n  skus:\n    filters:\n      code_eq: {a: b}\n", to: filter)
            let mask = folder.appendingPathComponent("mask.yml")
            try write(
                "source: test\ntarget: live\nresources:\n  prices:\n    transforms:\n"
                    + "      - mask: {field: sku_code, kind: text}\n", to: mask)
            let cases = [
                (filter.path, "\(filter.path):6:16: filter \"code_eq\" takes a value or a list of values"),
                (mask.path, "\(mask.path):4:3: `mask` on prices.sku_code needs the same mask on skus.code"),
            ]
            for (path, message) in cases {
                let outcome = try await CLIProcess.run(
                    ["plan", path, "--offline"], environment: [:], directory: folder, timeout: .seconds(60))
                #expect(outcome.status == 65, "\(outcome)")
                #expect(outcome.standardError.contains(message), "\(outcome)")
            }
        }
    }

    // MARK: Work folders (point 6)

    @Test("clone: a work folder that is a file, under a file, unwritable or empty exits 64 naming it")
    func badWorkFolders() async throws {
        try await withFolder { folder in
            let file = folder.appendingPathComponent("a-file")
            try write("not a folder", to: file)
            let locked = folder.appendingPathComponent("locked", isDirectory: true)
            try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
            // Root ignores permission bits: there, a folder under /proc cannot be created either.
            let unwritable =
                geteuid() == 0
                ? "/proc/layerclone-\(UUID().uuidString)/work" : locked.appendingPathComponent("work").path
            _ = chmod(locked.path, 0o500)
            let cases: [(workdir: String, shown: String, reason: String)] = [
                (file.path, file.path, "it is a file, not a folder"),
                (
                    file.appendingPathComponent("work").path, file.appendingPathComponent("work").path,
                    "is a file, so no folder"
                ),
                (unwritable, unwritable, "cannot create"),
                ("", "", "it is empty"),
            ]
            for item in cases {
                let outcome = try await CLIProcess.run(
                    [
                        "clone", CLIProcess.plan("catalog.yml"), "--source", "test", "--target", "live", "--workdir",
                        item.workdir,
                    ],
                    environment: [:], directory: folder, timeout: .seconds(60))
                #expect(outcome.status == 64, "\(item.workdir): \(outcome)")
                #expect(outcome.standardError.contains("work folder \"\(item.shown)\" (--workdir)"), "\(outcome)")
                #expect(outcome.standardError.contains(item.reason), "\(outcome)")
                #expect(!outcome.standardError.contains("NSCocoaErrorDomain"), "\(outcome)")
            }
            // An empty LAYERCLONE_WORKDIR is refused the same way; nothing is written in the current folder.
            let outcome = try await CLIProcess.run(
                ["clone", CLIProcess.plan("catalog.yml"), "--source", "test", "--target", "live"],
                environment: ["LAYERCLONE_WORKDIR": ""], directory: folder, timeout: .seconds(60))
            #expect(outcome.status == 64, "\(outcome)")
            #expect(outcome.standardError.contains("(LAYERCLONE_WORKDIR): it is empty"), "\(outcome)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("runs").path))
        }
    }

    @Test("a work folder others can write to is used with a warning naming it; its mode is left alone")
    func openWorkFolder() async throws {
        try await withFolder { folder in
            let work = folder.appendingPathComponent("shared", isDirectory: true)
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            _ = chmod(work.path, 0o777)
            let outcome = try await CLIProcess.run(
                ["status", "--workdir", work.path], environment: [:], directory: folder, timeout: .seconds(60))
            #expect(outcome.status == 0, "\(outcome)")  // no runs yet: `status` lists none
            #expect(outcome.standardOutput.contains("no runs in"), "\(outcome)")
            #expect(
                outcome.standardError.contains(
                    "warning: work folder \(work.path) has mode 777: others can write in it"),
                "\(outcome)")
            #expect(outcome.standardError.contains("chmod 700 \(work.path)"), "\(outcome)")
            let mode = try FileManager.default.attributesOfItem(atPath: work.path)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o777)
        }
    }

    // MARK: Credentials (points 8 and 10)

    @Test("doctor: a base URL with user:password@ or a path exits 64 without printing the password")
    func badBaseURLs() async throws {
        try await withFolder { folder in
            let cases = [
                ("https://admin:hunter2-secret@acme.commercelayer.io", "holds a user name or password"),
                ("https://acme.commercelayer.io/api", "must be the host only"),
                ("https://acme.commercelayer.io/api/", "must be the host only"),
            ]
            for (base, message) in cases {
                let outcome = try await CLIProcess.run(
                    ["doctor", "--profile", "p"],
                    environment: [
                        "LAYERCLONE_P_CLIENT_ID": "id", "LAYERCLONE_P_CLIENT_SECRET": "client-secret-value",
                        "LAYERCLONE_P_BASE_URL": base,
                    ], directory: folder, timeout: .seconds(60))
                #expect(outcome.status == 64, "\(outcome)")
                #expect(outcome.standardError.contains(message), "\(outcome)")
                let printed = outcome.standardError + outcome.standardOutput
                #expect(!printed.contains("hunter2-secret") && !printed.contains("client-secret-value"), "\(outcome)")
            }
        }
    }

    @Test("doctor: a symlinked or folder credentials path gets advice that can fix it")
    func credentialsPaths() async throws {
        try await withFolder { folder in
            let real = folder.appendingPathComponent("real.yml")
            try write(
                "profiles:\n  p:\n    client_id: a\n    client_secret: b\n    base_url: https://acme.commercelayer.io\n",
                to: real)
            _ = chmod(real.path, 0o644)
            let link = folder.appendingPathComponent("link.yml")
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
            let linked = try await CLIProcess.run(
                ["doctor", "--profile", "p", "--credentials-file", link.path], environment: [:], directory: folder,
                timeout: .seconds(60))
            #expect(linked.status == 64, "\(linked)")
            // The mode that matters is the target's, and chmod on the target fixes it.
            #expect(linked.standardError.contains("credentials file \(real.path) has mode 644"), "\(linked)")
            #expect(linked.standardError.contains("chmod 600 \(real.path)"), "\(linked)")

            let directory = folder.appendingPathComponent("creds", isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let outcome = try await CLIProcess.run(
                ["doctor", "--profile", "p", "--credentials-file", directory.path], environment: [:],
                directory: folder, timeout: .seconds(60))
            #expect(outcome.status == 64, "\(outcome)")
            #expect(
                outcome.standardError.contains("it is a folder; give the path of the credentials file"), "\(outcome)")
            #expect(!outcome.standardError.contains("chmod"), "\(outcome)")
        }
    }

    @Test("doctor: a loopback base URL without an auth URL gets its token from that host, not Commerce Layer's")
    func loopbackDerivesAuthURL() async throws {
        try await SandboxFixture.with(scale: 1) { fixture in
            let credentials = try #require(fixture.server.credentials[.test])
            let outcome = try await CLIProcess.run(
                ["doctor", "--profile", "p", "--json"],
                environment: [
                    "LAYERCLONE_P_CLIENT_ID": credentials.clientID,
                    "LAYERCLONE_P_CLIENT_SECRET": credentials.clientSecret,
                    "LAYERCLONE_P_BASE_URL": fixture.endpoint.baseURL,
                ], directory: fixture.folder, timeout: .seconds(60))
            #expect(outcome.status == 0, "\(outcome)")
            #expect(outcome.standardOutput.contains("\"environment\":\"test\""), "\(outcome)")
        }
    }

    // MARK: Deadlines (point 3)

    @Test("doctor: a token endpoint that sends headers and then one byte a second exits 69, not hang")
    func tricklingServer() async throws {
        let server = try TrickleServer(interval: .seconds(1), bytes: 120)
        defer { server.stop() }
        try await withFolder { folder in
            let started = ContinuousClock.now
            let outcome = try await CLIProcess.run(
                ["doctor", "--profile", "p"],
                environment: [
                    "LAYERCLONE_P_CLIENT_ID": "id", "LAYERCLONE_P_CLIENT_SECRET": "secret",
                    "LAYERCLONE_P_BASE_URL": "http://127.0.0.1:\(server.port)",
                ], directory: folder, timeout: .seconds(120))
            #expect(outcome.status == 69, "\(outcome)")
            #expect(outcome.standardError.contains("did not arrive in full within"), "\(outcome)")
            // doctor: 10 s per attempt, 3 attempts and their backoff, far from the trickle's two minutes.
            #expect(server.requests == 3, "\(outcome)")
            #expect(ContinuousClock.now - started < .seconds(90))
        }
    }
}
