import Testing
import TestSupport

/// `nonHarnessLines` keeps what a C library printed and drops what the test harness printed beside a capture.
@Suite struct HarnessOutputFilterTests {
    @Test func dropsHarnessLinesAndTheirIndentedContinuations() {
        let captured = """
            \u{25C7} Test readsTextTags() started.
            \u{2501} Test corpusDecode(_:) recorded a known issue at AllocationFailureTests.swift:107:99: Issue recorded
              
              *** Program crashed: Aborted at 0x00000000000007ba ***
              rax 0x0000000000000000  0
            TIFFReadDirectory: Warning, something
            \u{2714} Test notAGIF() passed after 0.001 seconds.
            """
        #expect(nonHarnessLines(captured) == ["TIFFReadDirectory: Warning, something"])
    }

    /// A parameterized test's string argument with line breaks, printed as it started beside a capture (the lines
    /// a CI run caught from `PNMHeaderTests.malformedHeaderGivesATypedError`).
    @Test func dropsTheLinesOfAQuotedArgumentWithLineBreaks() {
        let captured = """
            \u{25C7} Test case passing 2 arguments text → "P5
            -1 1
            255
            ", expected → .corrupt to malformedHeaderGivesATypedError(_:expected:) started.
            Premature end of JPEG file
            \u{25C7} Test case passing 2 arguments text → "P7
            WIDTH 1
            ENDHDR
            \\"quoted\\"
            ", expected → .corrupt to malformedHeaderGivesATypedError(_:expected:) started.
            """
        #expect(nonHarnessLines(captured) == ["Premature end of JPEG file"])
    }

    @Test func keepsALibraryLineThatFollowsNoHarnessLine() {
        #expect(nonHarnessLines("GIF-LIB error: bad code\n  indented by the library\n") ==
                ["GIF-LIB error: bad code", "  indented by the library"])
    }
}
