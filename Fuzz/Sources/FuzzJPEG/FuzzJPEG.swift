import FuzzHarness
import JPEGCodec

/// libFuzzer's target: every decode path of the JPEG decoder (see `FuzzHarness`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJPEG(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { FuzzHarness.exercise(JPEGDecoder(), data, size) }

/// The executable's entry point (SwiftPM names it `FuzzJPEG_main`).
@_cdecl("FuzzJPEG_main")
public func fuzzJPEGMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.runDriver(argc, argv, fuzzJPEG)
}
