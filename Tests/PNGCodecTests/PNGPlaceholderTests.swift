import Testing
import PNGCodec

@Test func PNGDescriptorExists() {
    #expect(PNG.format.id.rawValue == "png")
}
