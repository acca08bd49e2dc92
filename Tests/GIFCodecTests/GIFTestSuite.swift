import Testing

/// The GIF codec's tests: corpus and synthetic files against Pillow, the encoder against Pillow's reader and writer,
/// hostile input.
@Suite struct GIFTestSuite {}
