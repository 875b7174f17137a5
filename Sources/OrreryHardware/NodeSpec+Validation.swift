extension NodeSpec {
    /// Checks every field against its rule. The GPU needs no check: a ``GPUSpec`` is
    /// valid by construction.
    func validate() throws {
        for field in Field.allCases {
            let value = value(of: field)
            guard field.rule.accepted(value) == value else {
                throw HardwareError.invalidValue(
                    subject: subject, field: field.rawValue, value: value, expected: field.rule.expectation)
            }
        }
    }
}
