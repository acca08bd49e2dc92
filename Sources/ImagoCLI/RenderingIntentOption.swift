import ArgumentParser
import ColorManagement

/// `--intent`: the ICC rendering intent of `--to-srgb`, by the short names `tificc -t` documents.
extension ProfileConversion.Intent: ExpressibleByArgument {
    /// `perceptual`, `relative`, `saturation` or `absolute`.
    public init?(argument: String) {
        guard let intent = Self.allCases.first(where: { $0.argumentName == argument.lowercased() }) else { return nil }
        self = intent
    }

    /// Every name, in intent order, as `--help` lists them.
    public static var allValueStrings: [String] { allCases.map(\.argumentName) }

    /// The intent's name on the command line.
    var argumentName: String {
        switch self {
        case .perceptual: "perceptual"
        case .relativeColorimetric: "relative"
        case .saturation: "saturation"
        case .absoluteColorimetric: "absolute"
        }
    }
}
