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

    @Test func keepsALibraryLineThatFollowsNoHarnessLine() {
        #expect(nonHarnessLines("GIF-LIB error: bad code\n  indented by the library\n") ==
                ["GIF-LIB error: bad code", "  indented by the library"])
    }
}
