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

/// Structure-aware mutation: libFuzzer's byte-level mutation, then ``StructureRepair/repairPNGChunkCRCs(_:_:)`` so the
/// container's own checks pass and the mutation reaches the decoder behind them.
@_cdecl("LLVMFuzzerCustomMutator")
public func mutatePNG(_ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int, _ seed: UInt32) -> Int {
    let mutated = LLVMFuzzerMutate(data, size, maxSize)
    if let data { StructureRepair.repairPNGChunkCRCs(data, mutated) }
    return mutated
}
