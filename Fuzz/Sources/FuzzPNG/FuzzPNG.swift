import FuzzHarness
import PNGCodec

/// libFuzzer's target: every decode path of the PNG decoder (see `FuzzHarness`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { FuzzHarness.exercise(PNGDecoder(), data, size) }

/// The executable's entry point (SwiftPM names it `FuzzPNG_main`).
@_cdecl("FuzzPNG_main")
public func fuzzPNGMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.runDriver(argc, argv, fuzzPNG)
}
