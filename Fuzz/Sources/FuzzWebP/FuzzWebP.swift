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

/// Structure-aware mutation: libFuzzer's byte-level mutation, then ``StructureRepair/repairRIFFSizes(_:_:)`` so the
/// container's own checks pass and the mutation reaches the decoder behind them.
@_cdecl("LLVMFuzzerCustomMutator")
public func mutateWebP(_ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int, _ seed: UInt32) -> Int {
    let mutated = LLVMFuzzerMutate(data, size, maxSize)
    if let data { StructureRepair.repairRIFFSizes(data, mutated) }
    return mutated
}
