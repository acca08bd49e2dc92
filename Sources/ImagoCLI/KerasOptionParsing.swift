import ArgumentParser
import Imago

extension ColorMode: ExpressibleByArgument {}
extension DataFormat: ExpressibleByArgument {}
extension NDArray.DType: ExpressibleByArgument {}

/// Prints warnings as `imago: warning: PATH: message` on stderr.
func printWarnings(_ warnings: [ImagoWarning], path: String) {
    for warning in warnings {
        FileHandleOutput.standardError("imago: warning: \(path): \(warning.message)\n")
    }
}
