import Testing

/// The GIF codec's tests: corpus and synthetic files against Pillow, the encoder against Pillow's reader and writer,
/// hostile input, the LZW decoder against giflib's. Serialized: the corpus test redirects standard error to prove
/// giflib prints nothing.
@Suite(.serialized) struct GIFTestSuite {}
