import Foundation
import Testing
import TestSupport

/// scripts/check-doc-comments.py, the check `make docs` (and so `make test`) runs: every public symbol of the libraries
/// has a doc comment, and the script does fail on an undocumented one.
struct DocCommentTests {
    static let script = TestPaths.packageRoot + "/scripts/check-doc-comments.py"

    @Test func everyPublicSymbolIsDocumented() throws {
        let result = try #require(runToolCapturing("/usr/bin/env", ["python3", Self.script, TestPaths.packageRoot]))
        #expect(result.status == 0, "\(result.output)")
    }

    /// A public member, a public protocol's requirement, a public extension's member and a public enum's case without
    /// a comment are each reported; internal, private and documented declarations (attributes in between) are not.
    @Test func undocumentedSymbolsFailTheCheck() throws {
        let root = temporaryPath("doc-comments")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/Sources/Sample", withIntermediateDirectories: true)
        let source = """
            /// Documented.
            public struct Documented {
                public var missing: Int
                /// Documented.
                @available(*, deprecated, message: "an attribute between the comment and the declaration")
                public init() { missing = 0 }
                func notAPI() {}
                private struct Hidden { public var notAPIEither: Int }
            }
            /// Documented.
            public protocol Requirement {
                func missingRequirement()
            }
            public extension Documented {
                func missingExtensionMember() {}
            }
            /// Documented.
            public enum Cases {
                case missingCase
                /// Documented.
                case documented
            }
            let text = "public func insideAString() {}"
            """
        try source.write(toFile: root + "/Sources/Sample/Sample.swift", atomically: true, encoding: .utf8)
        let result = try #require(runToolCapturing("/usr/bin/env", ["python3", Self.script, root]))
        #expect(result.status == 1)
        let reported = result.output.split(separator: "\n").filter { $0.contains("undocumented public symbol") }
            .compactMap { $0.split(separator: ":").dropFirst().first.map(String.init) }
        #expect(reported == ["3", "12", "15", "19"], "\(result.output)")
    }
}
