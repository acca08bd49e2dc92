import Testing
import JPEGCodec

@Test func JPEGDescriptorExists() {
    #expect(JPEG.format.id.rawValue == "jpeg")
}
