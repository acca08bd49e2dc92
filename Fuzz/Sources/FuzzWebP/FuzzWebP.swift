import FuzzHarness
import WebPCodec

/// libFuzzer's target: every decode path of the WebP decoder (see `FuzzHarness`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWebP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { FuzzHarness.exercise(WebPDecoder(), data, size) }

/// The executable's entry point (SwiftPM names it `FuzzWebP_main`).
@_cdecl("FuzzWebP_main")
public func fuzzWebPMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.runDriver(argc, argv, fuzzWebP)
}
