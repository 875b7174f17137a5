import OrreryKernel

extension Array where Element == ServingRequest {
    /// The same requests with arrival times stretched or compressed so that the mean rate
    /// becomes `ratePerSecond`: a replay of a real trace at a target load, keeping its
    /// burst structure and token lengths. Arrival `t` becomes `t · native / target`.
    public func scaled(toRatePerSecond ratePerSecond: Double) throws(ServingError) -> [ServingRequest] {
        guard ratePerSecond.isFinite, ratePerSecond > 0 else {
            throw .invalidConfiguration("replay rate must be > 0 requests/s, got \(ratePerSecond)")
        }
        let native = arrivalRatePerSecond
        guard native > 0 else {
            throw .invalidConfiguration("a trace whose requests all arrive at once has no rate to scale")
        }
        let factor = native / ratePerSecond
        return map { request in
            var scaled = request
            scaled.arrival = .seconds(request.arrival.seconds * factor)
            return scaled
        }
    }
}
