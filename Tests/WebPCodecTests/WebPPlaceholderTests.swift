import Testing
import WebPCodec

@Test func WebPDescriptorExists() {
    #expect(WebP.format.id.rawValue == "webp")
}
