import ImageKernel

/// The kind of ``ImageError`` that `body` throws, or `nil` when it returns normally or throws another error.
public func imageErrorKind(_ body: () throws -> Void) -> ImageError.Kind? {
    do {
        try body()
        return nil
    } catch let error as ImageError {
        return error.kind
    } catch {
        return nil
    }
}
