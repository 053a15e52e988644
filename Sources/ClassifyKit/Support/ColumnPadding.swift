extension String {
    /// The string followed by spaces up to `width` characters, for aligned text columns. Never
    /// cuts: Foundation's `padding(toLength:withPad:startingAt:)` counts UTF-16 units and truncates
    /// names in scripts such as Devanagari.
    public func padded(to width: Int) -> String {
        let length = count
        return length >= width ? self : self + String(repeating: " ", count: width - length)
    }
}
