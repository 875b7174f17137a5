@testable import OrreryHardware
import Testing

struct CatalogueLookupTests {
    let catalogue = HardwareCatalogue.builtIn

    @Test func namesAreListedInCatalogueOrder() {
        #expect(catalogue.gpuNames == ["A100-40GB", "A100-80GB", "H100-SXM", "H200-SXM", "B200", "MI300X", "GB200"])
        #expect(catalogue.nodeNames == ["DGX-A100", "DGX-H100", "DGX-H200", "DGX-B200", "GB200-NVL72"])
    }

    @Test(arguments: [
        ("H100-SXM", "H100-SXM"), ("h100-sxm", "H100-SXM"), ("H100", "H100-SXM"), ("h100", "H100-SXM"),
        ("H100 SXM", "H100-SXM"), ("H100_SXM5", "H100-SXM"), ("H100 80GB HBM3", "H100-SXM"),
        ("a100-80gb", "A100-80GB"), ("A100-SXM4-40GB", "A100-40GB"), ("  b200 ", "B200"),
        ("H200", "H200-SXM"), ("instinct mi300x", "MI300X"),
    ])
    func gpuLookupIsCaseInsensitiveAndKnowsAliases(query: String, expected: String) {
        #expect(catalogue.gpu(named: query)?.name == expected)
    }

    @Test(arguments: [
        ("DGX-H100", "DGX-H100"), ("dgx h100", "DGX-H100"), ("DGX_B200", "DGX-B200"),
        ("dgx-a100-640gb", "DGX-A100"),
    ])
    func nodeLookupIsCaseInsensitiveAndKnowsAliases(query: String, expected: String) {
        #expect(catalogue.node(named: query)?.name == expected)
    }

    @Test(arguments: ["A100", "H300", "", "DGX-H100", "h100-pcie"])
    func unknownGPUNamesFindNothing(query: String) {
        #expect(catalogue.gpu(named: query) == nil)
    }

    @Test(arguments: ["DGX", "H100", "DGX-GB200", ""])
    func unknownNodeNamesFindNothing(query: String) {
        #expect(catalogue.node(named: query) == nil)
    }

    @Test func builtInAliasesPointAtEntriesAndNeverCollide() {
        for (alias, target) in BuiltInHardware.gpuAliases {
            #expect(catalogue.gpuNames.contains(target), "alias \(alias) → \(target)")
            #expect(!catalogue.gpuNames.map(HardwareCatalogue.normalized).contains(HardwareCatalogue.normalized(alias)))
        }
        for (alias, target) in BuiltInHardware.nodeAliases {
            #expect(catalogue.nodeNames.contains(target), "alias \(alias) → \(target)")
        }
        let keys = BuiltInHardware.gpuAliases.map { HardwareCatalogue.normalized($0.key) }
        #expect(Set(keys).count == keys.count)
    }
}
