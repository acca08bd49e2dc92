/// `smartResize` with the target size as a `(height:, width:)` tuple, the spelling before `ImageSize`.
@available(*, deprecated, message: "pass size: ImageSize(height:width:)")
public func smartResize(
    _ array: NDArray,
    size: (height: Int, width: Int),
    interpolation: ResizeMethod = .bilinear,
    dataFormat: DataFormat = .channelsLast,
    backend: SmartResizeBackend = .numpy
) throws -> NDArray {
    try smartResize(array, size: ImageSize(height: size.height, width: size.width), interpolation: interpolation,
                    dataFormat: dataFormat, backend: backend)
}

/// `tensorFlowResize` with the target size as a `(height:, width:)` tuple, the spelling before `ImageSize`.
@available(*, deprecated, message: "pass size: ImageSize(height:width:)")
public func tensorFlowResize(
    _ array: NDArray, size: (height: Int, width: Int), method: ResizeMethod = .bilinear, dataFormat: DataFormat = .channelsLast
) throws -> NDArray {
    try tensorFlowResize(array, size: ImageSize(height: size.height, width: size.width), method: method, dataFormat: dataFormat)
}
