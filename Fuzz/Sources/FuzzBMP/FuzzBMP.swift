import FuzzHarness
import BMPCodec

/// libFuzzer's target: every decode path of the BMP decoder (see `FuzzHarness`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBMP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { FuzzHarness.exercise(BMPDecoder(), data, size) }

/// The executable's entry point (SwiftPM names it `FuzzBMP_main`).
@_cdecl("FuzzBMP_main")
public func fuzzBMPMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.runDriver(argc, argv, fuzzBMP)
}
