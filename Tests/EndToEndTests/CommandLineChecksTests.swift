import Foundation
import LayerCloneCore
import LayerCloneTestSupport
import ResourceCatalog
import Sandbox
import Testing

/// Bad input found walking the README, through the executable: each gets a clear message
/// naming the input, and the exit code the table promises.
@Suite("Command-line checks", .tags(.endToEnd))
struct CommandLineChecksTests {
    private func temporaryFolder() throws -> URL { try TemporaryFolder.make("layerclone-checks") }

    private func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) async throws
        -> CLIProcess.Outcome
    {
        try await CLIProcess.run(arguments, environment: environment, directory: folder, timeout: .seconds(60))
    }

    @Test(
        "a transform leaving a field required on create empty is a plan error (65, file:line:col, the field)",
        arguments: [
            ("      - rename: {from: name, to: reference}\n", 5, 9, "`rename` leaves \"name\" of skus without a value"),
            ("      - drop: name\n", 5, 9, "`drop` leaves \"name\" of skus without a value"),
            ("      - set: {field: code, value: null}\n", 5, 9, "`set` leaves \"code\" of skus without a value"),
        ])
    func requiredFieldLeftEmpty(transform: String, line: Int, column: Int, message: String) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("plan.yml").path
        try ("resources:\n  skus:\n    identity: [reference]\n    transforms:\n" + transform)
            .write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try await run(["plan", path, "--offline"], in: folder)
        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.standardError.contains("\(path):\(line):\(column): \(message)"), "\(outcome)")
        #expect(outcome.standardError.contains("can't be blank"), "\(outcome)")

        // Setting the field again after the transform is fine.
        try
            ("resources:\n  skus:\n    transforms:\n      - rename: {from: name, to: reference}\n"
            + "      - set: {field: name, value: Unnamed}\n").write(toFile: path, atomically: true, encoding: .utf8)
        let fixed = try await run(["plan", path, "--offline"], in: folder)
        #expect(fixed.status == 0, "\(fixed)")
    }

    @Test("`sandbox serve --seed` with a missing file exits 64, a bad one 65, both naming the file")
    func seedFileErrors() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("nosuch.json").path
        let absent = try await run(["sandbox", "serve", "--port", "0", "--seed", missing], in: folder)
        #expect(absent.status == 64, "\(absent)")
        #expect(absent.standardError.contains("--seed: no file \(missing)"), "\(absent)")

        let bad = folder.appendingPathComponent("bad.json").path
        try """
        {"format": "layerclone-sandbox-seed/1", "resources": [
          {"type": "skus", "records": [{"key": "sku-1", "attributes": {"code": "S1", "name": "Shirt"},
            "relationships": {"shipping_category": "sc-std", "tags": ["tag-sale"]}}]}]}
        """.write(toFile: bad, atomically: true, encoding: .utf8)
        let rejected = try await run(["sandbox", "serve", "--port", "0", "--seed", bad], in: folder)
        #expect(rejected.status == 65, "\(rejected)")
        #expect(rejected.standardError.contains("seed file \(bad):"), "\(rejected)")
        #expect(rejected.standardError.contains("tag-sale"), "\(rejected)")

        try "{not json".write(toFile: bad, atomically: true, encoding: .utf8)
        let unparsable = try await run(["sandbox", "serve", "--port", "0", "--seed", bad], in: folder)
        #expect(unparsable.status == 65, "\(unparsable)")
        #expect(unparsable.standardError.contains("seed file \(bad): not valid JSON"), "\(unparsable)")
    }

    @Test("the same source and target on the command line, or two profiles of one environment: 64; bad credentials")
    func sameEnvironmentRefused() async throws {
        try await SandboxFixture.with(scale: 1) { fixture in
            let plan = CLIProcess.plan("store-setup.yml")
            var environment = try fixture.profileEnvironment()
            let same = try await CLIProcess.run(
                [
                    "clone", plan, "--source", "live", "--target", "live", "--allow-live", "--workdir",
                    fixture.workdir.path,
                ],
                environment: environment, directory: fixture.folder, timeout: .seconds(60))
            #expect(same.status == 64, "\(same)")
            #expect(same.standardError.contains("source and target are the same profile \"live\""), "\(same)")

            // A second profile with the live environment's credentials.
            for key in ["CLIENT_ID", "CLIENT_SECRET", "BASE_URL", "AUTH_URL"] {
                environment["LAYERCLONE_OTHER_\(key)"] = environment["LAYERCLONE_LIVE_\(key)"]
            }
            let twins = try await CLIProcess.run(
                [
                    "clone", plan, "--source", "other", "--target", "live", "--allow-live", "--workdir",
                    fixture.workdir.path, "--json",
                ], environment: environment, directory: fixture.folder, timeout: .seconds(60))
            #expect(twins.status == 64, "\(twins)")
            #expect(
                twins.standardError.contains(
                    "source \"other\" and target \"live\" are the same environment (the live environment of sandbox-org)"
                ),
                "\(twins)")
            // Even a command that fails before its run ends its NDJSON stream with run_finished.
            let last = try #require(
                twins.standardOutput.split(separator: "\n").last.flatMap { try? JSONValue.parse(Data($0.utf8)) })
            #expect(last["event"]?.stringValue == "run_finished")
            #expect(last["exit_code"]?.intValue == 64)
            #expect(last["run"] == .null)
            #expect(!FileManager.default.fileExists(atPath: RunDirectory.runsFolder(workdir: fixture.workdir).path))

            // Bad credentials: one message, said once.
            var wrong = try fixture.profileEnvironment()
            wrong["LAYERCLONE_TEST_CLIENT_SECRET"] = "wrong"
            let doctor = try await CLIProcess.run(
                ["doctor", "--profile", "test"], environment: wrong, directory: fixture.folder, timeout: .seconds(60))
            #expect(doctor.status == 69, "\(doctor)")
            #expect(doctor.standardError.contains("authentication failed for profile test (HTTP 401)"), "\(doctor)")
            #expect(doctor.standardError.components(separatedBy: "profile test").count == 2, "\(doctor)")
            #expect(doctor.standardError.lowercased().components(separatedBy: "check ").count == 2, "\(doctor)")
        }
    }

    @Test("small things: preset hint, every fault listed, credentials file missing, exit codes in the README")
    func smallThings() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("plan.yml").path
        try "resources:\n  widgets:\n".write(toFile: path, atomically: true, encoding: .utf8)
        let unknown = try await run(["plan", path, "--offline"], in: folder)
        #expect(unknown.status == 65, "\(unknown)")
        #expect(unknown.standardError.contains("preset:customers"), "\(unknown)")

        let faults = try await run(["sandbox", "serve", "--faults", "bogus=0.1"], in: folder)
        #expect(faults.status == 64, "\(faults)")
        for fault in ["http500", "http503", "http429", "reset", "lost_response", "job_fail", "latency"] {
            #expect(faults.standardError.contains(fault), "\(fault) is not listed: \(faults)")
        }

        let credentials = folder.appendingPathComponent("nosuch-credentials.yml").path
        for arguments in [
            ["doctor", "--profile", "test", "--credentials-file", credentials],
            ["clone", CLIProcess.plan("store-setup.yml"), "--credentials-file", credentials, "--workdir", folder.path],
        ] {
            let outcome = try await run(arguments, in: folder)
            #expect(outcome.status == 64, "\(outcome)")
            #expect(outcome.standardError.contains("credentials file \(credentials) does not exist"), "\(outcome)")
            #expect(!outcome.standardError.contains("is not defined"), "\(outcome)")
        }

        // Every exit code of `--help` is in the README's list.
        let help = try await run(["--help"], in: folder)
        let readme = try String(contentsOf: CLIProcess.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let list = try #require(
            readme.range(of: "`layerclone --help` prints the exit codes").map { readme[$0.lowerBound...].prefix(700) })
        let codes = help.standardOutput.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            guard line.hasPrefix("  "), let first = words.first, Int(first) != nil, words.count > 1 else { return nil }
            return String(first)
        }
        #expect(codes.count >= 8, "\(help)")
        let flat = list.replacingOccurrences(of: "\n", with: " ")
        for code in codes {
            #expect(flat.contains(" \(code) "), "exit code \(code) is missing from the README's list")
        }
    }
}
