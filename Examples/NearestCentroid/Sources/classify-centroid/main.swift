import ClassifyCommand
import ClassifyKit
import NearestCentroid

ClassifyCommand.main(registry: ClassifierRegistry.builtIn.adding(NearestCentroid.self).adding(featureBlock: TextStatistics.self))
