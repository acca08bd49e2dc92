import CTransformsKernels
import Testing
@testable import Transforms

/// `SIMDLevel.maximum` caps every kernel family (their outputs at each level are checked against Pillow by the
/// reference tests, which force the same levels through the backends).
@Suite struct SIMDLevelTests {
    @Test func theCPULevelIsTheKernelsOwn() {
        #expect(SIMDLevel.cpu.rawValue == Int(ctk_cpu_level()))
        #expect(SIMDLevel.current == SIMDLevel.cpu)
    }

    @Test(arguments: SIMDLevel.allCases)
    func aCapBindsEveryKernelFamily(cap: SIMDLevel) {
        SIMDLevel.$maximum.withValue(cap) {
            let level = min(cap, SIMDLevel.cpu)
            #expect(SIMDLevel.current == level)
            let vector: Int32? = level >= .avx2 ? Int32(level.rawValue) : nil
            #expect(Resample8Backend.kernelLevel == vector)
            #expect(LumaBackend.kernelLevel == vector)
            #expect(ResampleWideBackend.kernelLevel == Int32(level.rawValue))
        }
    }
}
