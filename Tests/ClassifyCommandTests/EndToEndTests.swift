import Foundation
import Testing

@Suite(.serialized) struct EndToEndTests {
    let scratch = Scratch()

    @Test func trainPredictEvalInfoOnTheFixtureCorpus() throws {
        defer { scratch.remove() }
        let model = scratch.file("news.classify")
        let train = try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", model, "--min-df", "1", "--class-weight", "none"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("read      20 documents from"))
        #expect(train.stdout.contains("labels    3 (multi-label, one-vs-rest)"))
        #expect(scratch.listing() == ["news.classify"])

        let predict = try CLIRunner.run(["predict", "-m", model, CLIRunner.fixture("news/test"), "--json"])
        #expect(predict.status == 0, "\(predict.stderr)")
        let lines = predict.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(lines.count == 3)
        #expect(lines.map { $0["id"] as! String } == ["article-07.md", "article-14.md", "article-21.md"])
        #expect(lines.map { ($0["labels"] as! [String]).first! } == ["Sport", "Economy", "Politics"])
        #expect((lines[0]["scores"] as! [String: Double]).count == 3)

        let eval = try CLIRunner.run(["eval", "-m", model, CLIRunner.fixture("news/test"), "--json"])
        #expect(eval.status == 0, "\(eval.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as! [String: Any]
        #expect(report["documents"] as? Int == 3)
        #expect(report["micro_f1"] as? Double == 1.0)
        #expect((report["per_class"] as? [String: Any])?.count == 3)

        let text = try CLIRunner.run(["eval", "-m", model, CLIRunner.fixture("news/test"), "--report", scratch.file("r.md")])
        #expect(text.stdout.contains("micro-F1     1.0000"))
        #expect(try String(contentsOfFile: scratch.file("r.md"), encoding: .utf8).contains("| micro-F1 | 1.0000 |"))

        let info = try CLIRunner.run(["info", model])
        #expect(info.status == 0)
        #expect(info.stdout.contains("classifier  logistic-regression (bias true, c 0,"))
        #expect(info.stdout.contains("chosen      lambda "))
        #expect(info.stdout.contains("format version 8"))
        #expect(info.stdout.contains("title terms"))
    }

    /// Title terms are on by default and recorded in the model; `--no-title-terms` turns them off.
    @Test func titleTermsFlag() throws {
        defer { scratch.remove() }
        for (flags, version, summary) in [([], "format version 8", ", title terms"), (["--no-title-terms"], "format version 8", ", no title terms")] {
            let model = scratch.file("m.classify")
            let train = try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", model, "-c", "multinomial-nb", "-q"] + flags)
            #expect(train.status == 0, "\(train.stderr)")
            let info = try CLIRunner.run(["info", model])
            #expect(info.stdout.contains(version), "\(flags): \(info.stdout)")
            #expect(info.stdout.contains(summary + ")"), "\(flags): \(info.stdout)")
        }
    }

    /// `--char-ngrams` adds character n-grams; bad values are one-line errors.
    @Test func charNgramsFlag() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        let train = try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", model, "-c", "multinomial-nb", "-q", "--char-ngrams", "3-5"])
        #expect(train.status == 0, "\(train.stderr)")
        let info = try CLIRunner.run(["info", model])
        #expect(info.stdout.contains("format version 8") && info.stdout.contains("char 3-5 grams"), "\(info.stdout)")
        for bad in ["5-3", "x", "1-2-3"] {
            let result = try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", scratch.file("bad.classify"), "-q", "--char-ngrams", bad])
            #expect(result.status != 0)
            #expect(result.stderr.contains("--char-ngrams"), "\(bad): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: scratch.file("bad.classify")))
        }
    }

    @Test func sameCorpusAndOptionsGiveTheSameModelBytes() throws {
        defer { scratch.remove() }
        for name in ["a", "b"] {
            let result = try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", scratch.file(name), "-c", "multinomial-nb", "--ngrams", "2", "-q"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(FileManager.default.contents(atPath: scratch.file("a")) == FileManager.default.contents(atPath: scratch.file("b")))
    }

    /// `tokenize` shows the model's view of a document: title, features with weights, unknown terms.
    @Test func tokenizeShowsTheFeaturesAModelSees() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        #expect(try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", model, "-c", "multinomial-nb", "--min-df", "1", "-q"]).status == 0)
        let text = try CLIRunner.run(["tokenize", "-m", model, "--top", "3", "--non-features"], stdin: "Central bank news\nThe central bank raised rates; zyzzyva.")
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "-")
        #expect(lines.contains("  title     Central bank news"))
        let header = try #require(lines.firstIndex { $0.hasPrefix("  feature ") && $0.hasSuffix("count  tf-idf") })
        #expect(lines[header + 4].hasPrefix("  … ") && lines[header + 4].hasSuffix("more (--top 0 lists all)"))
        #expect(lines.last?.hasPrefix("  not features: ") == true && lines.last!.contains("zyzzyva"))
        // Names in any script are shown whole (Foundation's padding would cut this one).
        let hindi = try CLIRunner.run(["tokenize", "-m", model, "--non-features", "-"], stdin: "Bank\nराष्ट्रपति bank")
        #expect(hindi.stdout.contains("राष्ट्रपति"))
        #expect(try CLIRunner.run(["tokenize", "-m", model, "--top=-1"]).stderr.contains("--top must be 0 (all) or more"))

        let json = try CLIRunner.run(["tokenize", "-m", model, "-", "--json"], stdin: "Central bank news\nThe central bank raised rates; zyzzyva.")
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect(object["title"] as? String == "Central bank news")
        let terms = object["terms"] as! [[String: Any]]
        #expect(terms.contains { $0["term"] as? String == "title:bank" && $0["weight"] is Double })
        #expect(terms.contains { $0["term"] as? String == "zyzzyva" && $0["weight"] is NSNull })

        let missing = try CLIRunner.run(["tokenize", "-m", model, scratch.file("absent.txt")])
        #expect(missing.status != 0)
        #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
    }

    @Test func predictReadsStandardInputAndShowsTopK() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", model, "--min-df", "1", "-q"])
        let result = try CLIRunner.run(["predict", "-m", model, "--top", "2"], stdin: "The central bank raised interest rates as inflation rose.")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("  * Economy"))
    }

    @Test func everySubcommandAnswersToTheNameTheRootHelpGives() throws {
        let rootHelp = try CLIRunner.run(["--help"]).stdout
        let names = [
            "train", "predict", "eval", "explain", "tokenize", "info", "classifiers", "serve", "stats", "merge", "compress",
        ]
        for name in names {
            #expect(rootHelp.contains("  \(name) "), "classify --help does not list \(name)")
            let help = try CLIRunner.run([name, "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("USAGE: classify \(name)"), "classify \(name) --help: \(help.stdout.prefix(200))")
        }
    }

    @Test func classifiersListsTheRegistry() throws {
        let result = try CLIRunner.run(["classifiers"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("logistic-regression (default)"))
        #expect(result.stdout.contains("multinomial-nb"))
        #expect(result.stdout.contains("--alpha (default 0.01)"))
    }

    @Test func seedArticleWithTheDefaultModel() throws {
        let seed = CLIRunner.packageRoot + "/seeds/000_e3d5ecafbe7b84a0.txt"
        let defaultModel = CLIRunner.packageRoot + "/Models/default.classify"
        guard FileManager.default.fileExists(atPath: defaultModel) else {
            print("skipping: \(defaultModel) not built")
            return
        }
        let result = try CLIRunner.run(["predict", seed, "--json", "--verbose"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("default.classify"))
        let line = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let labels = Set(line["labels"] as! [String])
        #expect(labels.contains("Army-Wars-Conflict Zones-Military Tech."))
        #expect(labels.contains("Politics-Geopolitics-Gov.-Events"))
    }
}

@Suite(.serialized) struct ExplainAndThresholdCLITests {
    let scratch = Scratch()

    @Test func explainDocumentsAndTopTerms() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        #expect(try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", model, "--min-df", "1", "-c", "logistic-regression", "-q"]).status == 0)
        let result = try CLIRunner.run(["explain", "-m", model, CLIRunner.fixture("news/test/article-07.md"), "--top", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines[0] == CLIRunner.fixture("news/test/article-07.md"))
        #expect(lines[1].hasPrefix("  Sport ("))
        #expect(lines[2].hasPrefix("    + "))
        let json = try CLIRunner.run(["explain", "-m", model, CLIRunner.fixture("news/test/article-07.md"), "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let labels = object["labels"] as! [[String: Any]]
        #expect(labels.first?["label"] as? String == "Sport")
        #expect((labels.first?["up"] as? [[String: Any]])?.first?["contribution"] is Double)
        let top = try CLIRunner.run(["explain", "-m", model, "--top", "2", "--json"])
        let terms = try JSONSerialization.jsonObject(with: Data(top.stdout.utf8)) as! [String: [[String: Any]]]
        #expect(Set(terms.keys) == ["Economy", "Politics", "Sport"])
        #expect(terms["Sport"]?.count == 2)
    }

    @Test func tuneThresholdsIsStoredAndShown() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        let train = try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", model, "--min-df", "1", "--tune-thresholds", "--threshold-folds", "3"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("per-label thresholds tuned"))
        let info = try CLIRunner.run(["info", model])
        #expect(info.stdout.contains("per-label thresholds tuned on held-out folds"))
        let single = try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", scratch.file("s.classify"), "--single-label", "--tune-thresholds"])
        #expect(single.status == 1)
        #expect(single.stderr == "Error: --tune-thresholds applies to multi-label models only; drop --single-label or --tune-thresholds\n")
    }
}

@Suite(.serialized) struct EvalCLITests {
    let scratch = Scratch()

    @Test func crossValidationComparison() throws {
        defer { scratch.remove() }
        let result = try CLIRunner.run(["eval", "--cv", "3", "--compare", "multinomial-nb,complement-nb", CLIRunner.fixture("news/train"), "--min-df", "1", "--report", scratch.file("cv.json")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("3-fold cross-validation on 20 documents"))
        #expect(result.stdout.contains("multinomial-nb") && result.stdout.contains("complement-nb"))
        #expect(result.stdout.contains("paired t-test"))
        let json = try JSONSerialization.jsonObject(with: try #require(FileManager.default.contents(atPath: scratch.file("cv.json")))) as! [String: Any]
        #expect((json["classifiers"] as? [[String: Any]])?.count == 2)
        let again = try CLIRunner.run(["eval", "--cv", "3", "--compare", "multinomial-nb,complement-nb", CLIRunner.fixture("news/train"), "--min-df", "1"])
        #expect(again.stdout == result.stdout)
    }

    @Test func severalModelsAndReportsInEveryFormat() throws {
        defer { scratch.remove() }
        for (name, classifier) in [("a", "multinomial-nb"), ("b", "complement-nb")] {
            #expect(try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", scratch.file(name), "-c", classifier, "--min-df", "1", "-q"]).status == 0)
        }
        let both = try CLIRunner.run(["eval", "-m", scratch.file("a"), "-m", scratch.file("b"), CLIRunner.fixture("news/test")])
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stdout.contains("McNemar"))
        for format in ["md", "json", "html"] {
            let result = try CLIRunner.run(["eval", "-m", scratch.file("a"), CLIRunner.fixture("news/test"), "--report", scratch.file("r." + format)])
            #expect(result.status == 0)
            #expect(FileManager.default.fileExists(atPath: scratch.file("r." + format)))
        }
        let html = try String(contentsOfFile: scratch.file("r.html"), encoding: .utf8)
        #expect(html.contains("<svg"))
        // Comparisons as pages too: a table with the best of each column in bold.
        for (arguments, name) in [(["-m", scratch.file("a"), "-m", scratch.file("b")], "m"), (["--cv", "2", "--compare", "multinomial-nb,complement-nb"], "cv")] {
            let report = scratch.file(name + ".html")
            let result = try CLIRunner.run(["eval"] + arguments + [CLIRunner.fixture(name == "m" ? "news/test" : "news/train"), "--report", report, "-q"])
            #expect(result.status == 0, "\(result.stderr)")
            let page = try String(contentsOfFile: report, encoding: .utf8)
            #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("<table class=\"metric\"><tr><th>") && page.contains("<strong>") && !page.contains("<pre>"))
        }
        let bad = try CLIRunner.run(["eval", "-m", scratch.file("a"), CLIRunner.fixture("news/test"), "--report", scratch.file("r.pdf")])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--report must end in .md, .json or .html"))
    }
}

@Suite(.serialized) struct DefaultModelCLITests {
    /// predict, eval and explain without -m use the default model (and never crash).
    @Test func commandsWithoutAModelUseTheDefault() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        #expect(try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", model, "--min-df", "1", "-q"]).status == 0)
        let environment = ["CLASSIFY_MODEL": model]
        let article = CLIRunner.fixture("news/test/article-07.md")
        for arguments in [["predict", article], ["eval", CLIRunner.fixture("news/test")], ["explain", article]] {
            let result = try CLIRunner.run(arguments, environment: environment)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        let missing = try CLIRunner.run(["eval", CLIRunner.fixture("news/test")], environment: ["CLASSIFY_MODEL": scratch.file("none.classify")])
        #expect(missing.status == 1)
        #expect(missing.stderr == "Error: \(scratch.file("none.classify")): cannot read the model: no such file or directory\n")
    }
}
