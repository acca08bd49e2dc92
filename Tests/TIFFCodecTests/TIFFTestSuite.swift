import Testing

/// Every TIFF test, serialized: the corpus test redirects the process's standard error (to prove libtiff prints
/// nothing), which must not catch the output of tests running beside it.
@Suite(.serialized) struct TIFFTestSuite {}
