/// Raw pointers handed to `DispatchQueue.concurrentPerform`: each iteration reads shared input and writes only its
/// own slots, so sharing the pointer across threads is safe.
public struct SendablePointer<T>: @unchecked Sendable {
    public let pointer: UnsafePointer<T>
    public init(_ pointer: UnsafePointer<T>) { self.pointer = pointer }
}

/// The writable counterpart of `SendablePointer`.
public struct SendableMutablePointer<T>: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<T>
    public init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
