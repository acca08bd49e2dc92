import Testing
import PNMCodec

@Test func PNMDescriptorExists() {
    #expect(PNM.format.id.rawValue == "pnm")
}
