import ArgumentParser
import Imago

extension ColorMode: ExpressibleByArgument {}
extension DataFormat: ExpressibleByArgument {}
extension NDArray.DType: ExpressibleByArgument {}

/// `NAME.EXT` in `DIR` becomes `DIR/NAME.EXT.npy`.
func npyPath(for path: String, in directory: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    return directory + "/" + name + ".npy"
}

/// Prints warnings as `imago: warning: PATH: message` on stderr.
func printWarnings(_ warnings: [ImagoWarning], path: String) {
    for warning in warnings {
        FileHandleOutput.standardError("imago: warning: \(path): \(warning.message)\n")
    }
}
