import Testing

/// Every WebP test, serialized: the corpus test redirects the process's standard error (to prove libwebp prints
/// nothing), which must not catch the output of tests running beside it.
@Suite(.serialized) struct WebPTestSuite {}
