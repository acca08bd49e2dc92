import Testing
import TIFFCodec

@Test func TIFFDescriptorExists() {
    #expect(TIFF.format.id.rawValue == "tiff")
}
