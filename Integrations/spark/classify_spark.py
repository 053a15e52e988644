#!/usr/bin/env python3
"""classify on Apache Spark: `classify predict` and `classify train` on the executors of a cluster.

predict: Spark reads the input and splits it into partitions; each task pipes its partition
through one `classify predict --json` process on its executor (the classify binary and the model
are shipped to the executors with SparkContext.addFile and found there with SparkFiles.get), and
Spark writes the predictions. Within a partition the order of the input is kept, so the output,
read in partition order, is in the input's order.

train: the map-reduce of `classify stats` / `classify merge` / `classify train --vectorizer`:
each partition counts its statistics, the driver merges them and ships the merged statistics,
each partition trains its shard model, and the driver merges those (naive Bayes: the bytes of
the model trained in one process; linear models: rounds of iterative parameter mixing).

Each subcommand is a pair of functions, `add_<name>_arguments(parser)` and `run_<name>(args)`,
registered in SUBCOMMANDS; the helpers for checking paths, starting Spark, shipping files and
piping partitions through classify are shared.
"""

import argparse
import glob
import itertools
import json
import mmap
import os
import re
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, List, Optional
from urllib.parse import urlparse

PROG = "classify_spark.py"

DESCRIPTION = """\
Run classify on Apache Spark. Start it with spark-submit (or with python3 and --master).

subcommands:
  predict   predict the categories of every document of INPUT with a classify model
  train     train a classify model on the labelled documents of INPUT, one shard per partition
"""

EPILOG = """\
examples:
  spark-submit --master 'local[2]' Integrations/spark/classify_spark.py predict \\
      --classify .build-static/release/classify --model nb.classify test.jsonl predictions
  spark-submit --master spark://127.0.0.1:7077 Integrations/spark/classify_spark.py predict \\
      --classify .build-static/release/classify --model nb.classify \\
      --single-file test.jsonl predictions.jsonl

  spark-submit --master 'local[2]' Integrations/spark/classify_spark.py train \\
      --classify .build-static/release/classify -c multinomial-nb --partitions 4 \\
      train.jsonl nb.classify

`classify_spark.py predict --help` and `classify_spark.py train --help` explain the options.
"""

PREDICT_DESCRIPTION = """\
Predict the categories of every document of INPUT on the Spark executors.

INPUT is any path or glob Spark reads (a local file, a folder, hdfs://..., s3a://...).
With --format jsonl (the default) each line is a JSON document {"id", "title", "text"}
(labels are ignored); with --format text each non-empty line is one document, and its id is
its line number in INPUT (1-based; for several files, counted across them in Spark's order).

The classify binary (--classify) must run on the executors: build it with the Swift standard
library linked statically,
    swift build -c release --static-swift-stdlib --product classify --scratch-path .build-static
and install libblas3 on the workers. It and the model are shipped to the executors with
SparkContext.addFile; when spark-submit already ships a file of the same name with --files,
that copy is used and the path need not exist on the driver.

Each task runs one `classify predict - --json --threads 1` process (Spark provides the
parallelism) with OPENBLAS_NUM_THREADS=1, so a partition's predictions are in input order.
OUTPUT is a folder of part files (part-00000, part-00001, ... in input order), written the
Spark way; with --single-file, OUTPUT is one local JSON Lines file holding the predictions in
the input's order. Each output line is classify's own {"id", "labels", "scores"}.
"""

PREDICT_EPILOG = """\
examples:
  # local mode, two cores, predictions as part files in the folder predictions/
  spark-submit --master 'local[2]' Integrations/spark/classify_spark.py predict \\
      --classify .build-static/release/classify --model nb.classify test.jsonl predictions

  # a standalone cluster, 8 partitions, one local file in the input's order
  spark-submit --master spark://127.0.0.1:7077 Integrations/spark/classify_spark.py predict \\
      --classify .build-static/release/classify --model nb.classify --partitions 8 \\
      --single-file test.jsonl predictions.jsonl

  # plain text, one document per line; the ids are line numbers
  spark-submit --master 'local[2]' Integrations/spark/classify_spark.py predict \\
      --classify .build-static/release/classify --model nb.classify --format text \\
      'headlines/*.txt' predictions

  # files shipped by spark-submit: name them by their file names
  spark-submit --master spark://HOST:7077 --files /opt/classify/classify,/data/nb.classify \\
      Integrations/spark/classify_spark.py predict --classify classify --model nb.classify \\
      hdfs:///corpora/news.jsonl hdfs:///predictions/news
"""

# The environment of every classify process: Spark's tasks are the parallelism.
CLASSIFY_ENVIRONMENT = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}

# A task's failure message starts with this, so that the driver can find it in Spark's error.
TASK_FAILURE = "classify-task-failure:"


class UsageError(Exception):
    """A problem the user can fix, reported as one line and exit status 2."""


class JobError(Exception):
    """A failed Spark job, reported as one line and exit status 1."""


# ---------------------------------------------------------------------------------------------
# Paths, checked on the driver before any Spark work


def local_filesystem_path(path: str) -> Optional[str]:
    """The local path that `path` names (plain or file://), or None for another filesystem."""
    scheme = urlparse(path).scheme
    if scheme == "":
        return path
    if scheme == "file":
        return urlparse(path).path
    return None


def check_input(path: str) -> None:
    """Fails when a local INPUT path or glob matches nothing; other filesystems are Spark's."""
    local = local_filesystem_path(path)
    if local is not None and "{" not in local and not glob.glob(local):  # {a,b}: Hadoop's glob
        raise UsageError(f"input not found: {path}")


def check_output(path: str, single_file: bool) -> None:
    """Fails when a local OUTPUT exists already, or when its folder is missing (--single-file)."""
    local = local_filesystem_path(path)
    if single_file:
        if local is None:
            raise UsageError(f"--single-file writes a local file; not a local path: {path}")
        folder = os.path.dirname(os.path.abspath(local))
        if not os.path.isdir(folder):
            raise UsageError(f"output folder not found: {folder}")
        if os.path.isdir(local):
            raise UsageError(f"output is a folder; --single-file needs a file path: {path}")
    elif local is not None and os.path.exists(local):
        raise UsageError(f"output exists already (Spark does not overwrite): {path}")


def remove_empty_output(path: str) -> None:
    """Removes the empty local folder that a failed job leaves as OUTPUT, so a rerun can write."""
    local = local_filesystem_path(path)
    if local is not None and os.path.isdir(local) and not os.listdir(local):
        os.rmdir(local)


def files_shipped_by_submit(conf) -> List[str]:
    """The file names that spark-submit ships with --files (the spark.files setting)."""
    listed = conf.get("spark.files", "") or ""
    return [os.path.basename(urlparse(item).path or item) for item in listed.split(",") if item]


def check_shippable(path: str, what: str, shipped: List[str]) -> None:
    """Fails when a file to ship is neither on the driver nor shipped by spark-submit --files."""
    if os.path.basename(path) in shipped:
        return
    if not os.path.isfile(path):
        raise UsageError(f"{what} not found: {path}")


def links_swift_runtime_dynamically(binary: str) -> bool:
    """Whether the binary needs libswiftCore.so at run time (not built --static-swift-stdlib)."""
    try:
        with open(binary, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return data.find(b"libswiftCore.so\x00") >= 0
    except (OSError, ValueError):
        return False


# ---------------------------------------------------------------------------------------------
# Spark


def spark_conf(master: Optional[str], app_name: str, progress: bool):
    """The SparkConf of a job: spark-submit's settings, plus --master when given.

    The JVM gateway comes first (under spark-submit it connects to the running JVM; under
    python3 it starts one), so that SparkConf sees spark-submit's --master, --files, --conf.
    """
    from pyspark import SparkConf, SparkContext

    SparkContext._ensure_initialized()
    conf = SparkConf().setAppName(app_name)
    if master:
        conf.setMaster(master)
    elif not conf.contains("spark.master"):
        conf.setMaster("local[*]")  # started with python3 rather than spark-submit
    conf.set("spark.ui.showConsoleProgress", "true" if progress else "false")
    return conf


def start_spark(conf, log_level: str):
    """Starts (or joins) the SparkContext of this driver."""
    from pyspark import SparkContext

    context = SparkContext.getOrCreate(conf)
    context.setLogLevel(log_level)
    return context


def spark_error_message(error: BaseException) -> str:
    """One line saying why a Spark job failed: a task's own message when there is one."""
    text = str(error)
    found = re.search(re.escape(TASK_FAILURE) + r"\s*(.*)", text)
    if found:
        return found.group(1).strip()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("An error occurred", ":", "at ")):
            return line
    return type(error).__name__


# ---------------------------------------------------------------------------------------------
# Shipping files to the executors


@dataclass(frozen=True)
class ShippedFile:
    """A file every executor has a copy of, under its file name in SparkFiles."""

    name: str

    def path_on_executor(self) -> str:
        """The executor's copy (call this inside a task)."""
        from pyspark import SparkFiles

        return SparkFiles.get(self.name)


def ship(context, path: str, shipped_by_submit: List[str]) -> ShippedFile:
    """Ships a driver file to the executors (SparkContext.addFile) unless --files did already."""
    name = os.path.basename(path)
    if name not in shipped_by_submit:
        context.addFile(os.path.abspath(path))
    return ShippedFile(name)


def make_executable(path: str) -> None:
    """Gives the executor's copy of a shipped program its execute bits when it lacks them."""
    mode = os.stat(path).st_mode
    if not mode & stat.S_IXUSR:
        os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


# ---------------------------------------------------------------------------------------------
# Piping partitions through a program (on the executors)


class _Feeder(threading.Thread):
    """Writes lines to a process's standard input, one per line, then closes it."""

    def __init__(self, stream, lines: Iterable[str]):
        super().__init__(daemon=True)
        self.stream, self.lines, self.error = stream, lines, None

    def run(self) -> None:
        try:
            for line in self.lines:
                self.stream.write(line.encode("utf-8") + b"\n")
            self.stream.close()
        except BaseException as error:  # a broken pipe: the process stopped reading
            self.error = error
            try:
                self.stream.close()
            except OSError:
                pass


def last_line(stream) -> str:
    """The last non-empty line of a (binary) temporary file, for error messages."""
    stream.seek(0)
    lines = [line.strip() for line in stream.read().decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line]
    return lines[-1] if lines else "(no message on standard error)"


def pipe_partition(index: int, lines: Iterable[str], argv: List[str], label: str) -> Iterator[str]:
    """Runs `argv` with the partition's lines on standard input; yields its output lines.

    This is RDD.pipe's mechanism (a thread feeds the process while its output is read, so the
    output keeps the input's order and neither side waits for the whole partition), with three
    differences that RDD.pipe cannot offer: the command is built inside the task, where
    SparkFiles.get names the executor's copies (a command built on the driver names the
    driver's); an empty partition starts no process (classify refuses an input without
    documents); and a failure raises with the last line of the process's standard error. The
    process inherits the executor's environment plus CLASSIFY_ENVIRONMENT.
    """
    lines = iter(lines)
    first = next(lines, None)
    if first is None:
        return  # an empty partition: classify refuses an input without documents
    lines = itertools.chain([first], lines)
    make_executable(argv[0])
    environment = dict(os.environ, **CLASSIFY_ENVIRONMENT)
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=errors, env=environment)
        feeder = _Feeder(process.stdin, lines)
        feeder.start()
        try:
            for raw in process.stdout:
                yield raw.rstrip(b"\n").decode("utf-8")
            status = process.wait()
            feeder.join()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        if feeder.error is not None and not isinstance(feeder.error, OSError):
            raise feeder.error  # reading the partition failed, not the process
        if status != 0 or feeder.error is not None:
            reason = last_line(errors) if status != 0 else f"writing its input: {feeder.error}"
            raise RuntimeError(f"{TASK_FAILURE} {label} failed in partition {index} "
                               f"(exit status {status}): {reason}")


def pipe_through(rdd, build_argv: Callable[[], List[str]], label: str):
    """One process per partition: `build_argv()` (called in the task) fed with the partition."""

    def run(index: int, lines: Iterable[str]) -> Iterator[str]:
        return pipe_partition(index, lines, build_argv(), label)

    return rdd.mapPartitionsWithIndex(run, preservesPartitioning=True)


# ---------------------------------------------------------------------------------------------
# Reading documents


def read_lines(context, path: str, partitions: Optional[int]):
    """The lines of INPUT in at least `partitions` partitions (exactly, when it can split)."""
    wanted = partitions or context.defaultParallelism
    lines = context.textFile(path, minPartitions=wanted)
    if partitions and lines.getNumPartitions() > partitions:
        lines = lines.coalesce(partitions)  # merges neighbours: the order stays
    return lines


def jsonl_documents(lines, number: bool):
    """JSON Lines documents; with `number`, those without an id get their line number."""
    if not number:
        return lines.filter(lambda line: line.strip() != "").map(require_id)
    return lines.zipWithIndex().filter(lambda pair: pair[0].strip() != "").map(
        lambda pair: with_line_number(pair[0], pair[1] + 1))


def require_id(line: str) -> str:
    """A JSON document unchanged; fails when it has no id (a task would number it locally)."""
    if '"id"' not in line or "id" not in parse_object(line):
        snippet = line[:60] + ("…" if len(line) > 60 else "")
        raise ValueError(f"{TASK_FAILURE} a document has no \"id\" (use --number-documents "
                         f"to give such documents their line number): {snippet}")
    return line


def parse_object(line: str) -> dict:
    """A JSON object line; {"id": None} for a malformed one, which classify reports itself."""
    try:
        document = json.loads(line)
    except ValueError:
        return {"id": None}
    return document if isinstance(document, dict) else {"id": None}


def with_line_number(line: str, number: int) -> str:
    """A JSON document with its line number as id when it has none."""
    if '"id"' in line:
        return line
    document = parse_object(line)
    if "id" in document:
        return line
    document["id"] = str(number)
    return json.dumps(document, ensure_ascii=False)


def text_documents(lines):
    """One JSON document per non-empty line: {"id": line number, "text": the line}."""
    return lines.zipWithIndex().filter(lambda pair: pair[0].strip() != "").map(
        lambda pair: json.dumps({"id": str(pair[1] + 1), "text": pair[0]}, ensure_ascii=False))


def read_documents(context, path: str, fmt: str, partitions: Optional[int], number: bool):
    """INPUT as an RDD of JSON Lines documents, in INPUT's order by partition."""
    lines = read_lines(context, path, partitions)
    return text_documents(lines) if fmt == "text" else jsonl_documents(lines, number)


# ---------------------------------------------------------------------------------------------
# Writing results


def write_folder(rdd, output: str) -> int:
    """Writes the RDD as part files in OUTPUT (Spark's way); returns the number of lines."""
    counter = rdd.context.accumulator(0)

    def count(line):
        counter.add(1)
        return line

    rdd.map(count).saveAsTextFile(output)
    return counter.value


def write_single_file(rdd, output: str) -> int:
    """Computes the RDD in parallel, then streams it in partition order into one local file.

    The partitions are cached on the executors by the parallel pass and brought to the driver
    one at a time, so the driver never holds more than one partition.
    """
    from pyspark import StorageLevel

    rdd = rdd.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        rdd.count()
        folder = os.path.dirname(os.path.abspath(output))
        written = 0
        with tempfile.NamedTemporaryFile("wb", dir=folder, prefix=".classify-spark-",
                                         delete=False) as file:
            try:
                for line in rdd.toLocalIterator(prefetchPartitions=True):
                    file.write(line.encode("utf-8") + b"\n")
                    written += 1
            except BaseException:
                os.unlink(file.name)
                raise
        os.replace(file.name, output)
        return written
    finally:
        rdd.unpersist()


# ---------------------------------------------------------------------------------------------
# predict


def predict_argv(binary: ShippedFile, model: ShippedFile) -> Callable[[], List[str]]:
    """The classify command of a task, built on the executor from its shipped copies."""

    def build() -> List[str]:
        return [binary.path_on_executor(), "predict", "-m", model.path_on_executor(), "-",
                "--format", "jsonl", "--json", "--threads", "1", "-q"]

    return build


def add_predict_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `predict`."""
    parser.add_argument("input", metavar="INPUT", help="documents: a path or glob Spark reads")
    parser.add_argument("output", metavar="OUTPUT",
                        help="a folder for the part files (a local file with --single-file)")
    parser.add_argument("--classify", required=True, metavar="PATH",
                        help="the classify binary for the executors (built --static-swift-stdlib)")
    parser.add_argument("--model", "-m", required=True, metavar="MODEL",
                        help="the model file (.classify) made by `classify train`")
    parser.add_argument("--format", choices=["jsonl", "text"], default="jsonl",
                        help="jsonl: one JSON document a line (default); text: one document a line")
    parser.add_argument("--partitions", type=int, metavar="N",
                        help="split INPUT into N partitions, one classify process each "
                             "(default: Spark's default parallelism, the cluster's cores)")
    parser.add_argument("--single-file", action="store_true",
                        help="write OUTPUT as one local JSON Lines file in the input's order")
    parser.add_argument("--number-documents", action="store_true",
                        help="jsonl: give documents without an id their line number as id "
                             "(one more pass over INPUT); without it such a document is an error")
    add_common_arguments(parser)


def run_predict(args: argparse.Namespace) -> int:
    """`predict`: checks the paths before starting Spark, then runs the job."""
    if args.partitions is not None and args.partitions < 1:
        raise UsageError("--partitions must be at least 1")
    if os.path.basename(args.classify) == os.path.basename(args.model):
        raise UsageError("the binary and the model need different file names")
    check_input(args.input)
    check_output(args.output, args.single_file)
    conf = spark_conf(args.master, "classify predict", args.progress)
    shipped_by_submit = files_shipped_by_submit(conf)
    check_shippable(args.classify, "classify binary", shipped_by_submit)
    check_shippable(args.model, "model", shipped_by_submit)

    context = start_spark(conf, args.log_level)
    try:
        return predict_on(context, args, shipped_by_submit)
    finally:
        context.stop()


def predict_on(context, args: argparse.Namespace, shipped_by_submit: List[str]) -> int:
    """The Spark part of `predict`: ships binary and model, pipes, writes, reports."""
    master = context.master
    if not master.startswith("local") and os.path.isfile(args.classify) \
            and links_swift_runtime_dynamically(args.classify):
        print(f"{PROG}: warning: {args.classify} needs the Swift runtime (libswiftCore.so) on "
              "every worker; build it with --static-swift-stdlib", file=sys.stderr)
    started = time.monotonic()
    binary = ship(context, args.classify, shipped_by_submit)
    model = ship(context, args.model, shipped_by_submit)
    documents = read_documents(context, args.input, args.format, args.partitions,
                               args.number_documents)
    predictions = pipe_through(documents, predict_argv(binary, model), "classify predict")
    try:
        if args.single_file:
            count = write_single_file(predictions, args.output)
        else:
            count = write_folder(predictions, args.output)
    except Exception as error:  # Py4JJavaError and friends: Spark's long reports
        remove_empty_output(args.output)
        raise JobError(spark_error_message(error)) from None
    seconds = time.monotonic() - started
    report(args, master, documents.getNumPartitions(), count, seconds)
    return 0


def report(args: argparse.Namespace, master: str, partitions: int, count: int,
           seconds: float) -> None:
    """Prints the figures of a predict job, and writes them as JSON with --metrics."""
    rate = count / seconds if seconds > 0 else float("inf")
    print(f"{PROG}: predicted {count} documents on {master} in {partitions} partitions: "
          f"{seconds:.2f} s from a started SparkContext to the output written, {rate:.0f} docs/s; "
          f"wrote {args.output}", file=sys.stderr)
    if args.metrics:
        with open(args.metrics, "w", encoding="utf-8") as file:
            json.dump({"master": master, "partitions": partitions, "documents": count,
                       "seconds": seconds, "docs_per_second": rate, "output": args.output}, file)
            file.write("\n")


# ---------------------------------------------------------------------------------------------
# train


TRAIN_DESCRIPTION = """\
Train a classify model on the labelled JSON Lines documents of INPUT, one shard per partition.

INPUT is any path or glob Spark reads; each line is {"id", "title", "text", "labels"}. The
documents are dealt round-robin into --partitions shards (in input order within each), so
every shard sees every kind of document. Then, on the executors and the driver:

  1. each shard: `classify stats` (its term and label counts); the driver: `classify merge`
     of them, the statistics of the whole corpus, shipped to the executors;
  2. naive Bayes: each shard `classify train --vectorizer` (its model with its counts); the
     driver `classify merge`s them: the same bytes as `classify train` on the whole corpus;
  3. logistic regression and the linear SVM: λ, the naive Bayes weight and the temperature are
     tuned on shard 0 (classify's `auto` options) unless given; then --rounds rounds of
     iterative parameter mixing: every shard trains --epochs-per-round epochs from the previous
     round's merged weights (`--init`), the driver averages them (`classify merge`), and the
     last merge blends in naive Bayes scores from every shard's exact counts;
  4. linear models: the driver compresses the merged model as `classify train` compresses one
     (`classify compress`: the classifier's recommended --prune, 8-bit weights).

The driver runs the classify binary too, so --classify must exist on the driver. OUTPUT is a
local model file, written atomically.
"""

TRAIN_EPILOG = """\
examples:
  # naive Bayes on four partitions: the same model bytes as one classify process
  spark-submit --master 'local[2]' Integrations/spark/classify_spark.py train \\
      --classify .build-static/release/classify -c multinomial-nb --partitions 4 \\
      20newsgroups/train.jsonl nb.classify

  # logistic regression, five rounds of parameter mixing on a standalone cluster
  spark-submit --master spark://127.0.0.1:7077 Integrations/spark/classify_spark.py train \\
      --classify .build-static/release/classify -c logistic-regression --partitions 4 \\
      --rounds 5 20newsgroups/train.jsonl lr.classify
"""

# Classifiers that merge exactly from counts (one round); the others mix parameters.
COUNT_TRAINED = {"multinomial-nb", "complement-nb"}


def deal_round_robin(documents, partitions: int):
    """The documents dealt into `partitions` shards by position (document i to shard i mod N),
    each shard in input order, so that the shards do not depend on the shuffle's timing."""
    def in_order(pairs):
        return (line for _, line in sorted(pairs, key=lambda pair: pair[0]))

    return (documents.zipWithIndex()
            .map(lambda pair: (pair[1] % partitions, (pair[1], pair[0])))
            .partitionBy(partitions, lambda key: key)
            .values()
            .mapPartitions(in_order, preservesPartitioning=True))


def run_on_shard(index: int, lines: Iterable[str], build_argv, output_name: str) -> Iterator[tuple]:
    """Writes the partition to a shard file, runs `build_argv(shard, output)` on it, and yields
    (partition index, the bytes classify wrote to `output_name`); nothing for an empty shard."""
    with tempfile.TemporaryDirectory(prefix="classify-spark-shard-") as folder:
        shard = os.path.join(folder, "shard.jsonl")
        count = 0
        with open(shard, "w", encoding="utf-8") as file:
            for line in lines:
                file.write(line + "\n")
                count += 1
        if count == 0:
            return
        output = os.path.join(folder, output_name)
        argv = build_argv(shard, output)
        make_executable(argv[0])
        done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=dict(os.environ, **CLASSIFY_ENVIRONMENT))
        if done.returncode != 0:
            reason = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["(no message)"])[-1]
            raise RuntimeError(f"{TASK_FAILURE} classify {argv[1]} failed on shard {index} "
                               f"(exit status {done.returncode}): {reason}")
        with open(output, "rb") as file:
            yield (index, file.read())


def on_shards(shards, build_argv, output_name: str, only: Optional[int] = None) -> List[bytes]:
    """Runs classify on every shard (or shard `only`); the files it wrote, in shard order."""
    def run(index, lines):
        if only is not None and index != only:
            return iter(())
        return run_on_shard(index, lines, build_argv, output_name)

    # One partition's file at a time (the next computed while this one is read), so the driver
    # never holds every shard model at once: a linear shard model with its counts is tens of MB.
    try:
        results = list(shards.mapPartitionsWithIndex(run).toLocalIterator(prefetchPartitions=True))
    except Exception as error:  # Py4JJavaError and friends: Spark's long reports
        raise JobError(spark_error_message(error)) from None
    return [data for _, data in sorted(results, key=lambda pair: pair[0])]


def run_driver(argv: List[str]) -> str:
    """Runs classify on the driver; raises JobError with its one-line error."""
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=dict(os.environ, **CLASSIFY_ENVIRONMENT))
    if done.returncode != 0:
        reason = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["(no message)"])[-1]
        raise JobError(f"classify {argv[1]} failed on the driver: {reason}")
    return done.stdout.decode("utf-8")


def write_files(folder: str, stem: str, contents: List[bytes]) -> List[str]:
    """Writes each of `contents` to FOLDER/STEM-i and returns the paths."""
    paths = []
    for index, data in enumerate(contents):
        path = os.path.join(folder, f"{stem}-{index}")
        with open(path, "wb") as file:
            file.write(data)
        paths.append(path)
    return paths


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `train`."""
    parser.add_argument("input", metavar="INPUT", help="labelled JSON Lines documents: a path or glob Spark reads")
    parser.add_argument("output", metavar="OUTPUT", help="the model file to write (local)")
    parser.add_argument("--classify", required=True, metavar="PATH",
                        help="the classify binary for the executors and the driver (built --static-swift-stdlib)")
    parser.add_argument("--classifier", "-c", default="multinomial-nb", metavar="NAME",
                        help="multinomial-nb (default), complement-nb, logistic-regression or linear-svm")
    parser.add_argument("--partitions", type=int, default=4, metavar="N",
                        help="shards, one per partition (default 4)")
    parser.add_argument("--rounds", type=int, default=5, metavar="R",
                        help="linear models: rounds of parameter mixing (default 5)")
    parser.add_argument("--epochs-per-round", type=int, default=1, metavar="E",
                        help="linear models: epochs each shard trains per round (default 1)")
    parser.add_argument("--l2", metavar="λ", help="linear models: λ (default: tuned on shard 0)")
    parser.add_argument("--nb-weight", metavar="W",
                        help="linear models: the naive Bayes weight of the last merge (default: tuned on shard 0)")
    parser.add_argument("--temperature", metavar="T",
                        help="linear models: the temperature of the last merge (default: tuned on shard 0)")
    parser.add_argument("--seed", type=int, default=0, help="classify's --seed (default 0)")
    add_common_arguments(parser)


def run_train(args: argparse.Namespace) -> int:
    """`train`: checks the paths before starting Spark, then runs the map-reduce."""
    if args.partitions < 1 or args.rounds < 1 or args.epochs_per_round < 1:
        raise UsageError("--partitions, --rounds and --epochs-per-round must be at least 1")
    check_input(args.input)
    if not os.path.isfile(args.classify):
        raise UsageError(f"classify binary not found on the driver: {args.classify}")
    output_folder = os.path.dirname(os.path.abspath(args.output))
    if not os.path.isdir(output_folder):
        raise UsageError(f"output folder not found: {output_folder}")
    conf = spark_conf(args.master, "classify train", args.progress)
    context = start_spark(conf, args.log_level)
    try:
        return train_on(context, args, files_shipped_by_submit(conf))
    finally:
        context.stop()


def train_on(context, args: argparse.Namespace, shipped_by_submit: List[str]) -> int:
    """The Spark part of `train`."""
    from pyspark import StorageLevel

    started = time.monotonic()
    binary_path = os.path.abspath(args.classify)
    binary = ship(context, args.classify, shipped_by_submit)
    classifier = ["-c", args.classifier, "--seed", str(args.seed)]
    documents = read_documents(context, args.input, "jsonl", None, False)
    shards = deal_round_robin(documents, args.partitions).persist(StorageLevel.MEMORY_AND_DISK)
    with tempfile.TemporaryDirectory(prefix="classify-spark-train-") as folder:
        # 1. Statistics: counted per shard, merged on the driver, shipped.
        parts = on_shards(shards, lambda shard, out: [binary.path_on_executor(), "stats", shard, "-o", out,
                                                      "-c", args.classifier, "-q"], "shard.stats")
        if len(parts) < 1:
            raise JobError(f"{args.input} holds no documents")
        statistics_path = os.path.join(folder, "corpus.stats")
        run_driver([binary_path, "merge", *write_files(folder, "shard.stats", parts), "-o", statistics_path])
        statistics = ship(context, statistics_path, [])

        def train_argv(extra: List[str], start: Optional[ShippedFile] = None):
            def build(shard: str, out: str) -> List[str]:
                initial = ["--init", start.path_on_executor()] if start else []
                return [binary.path_on_executor(), "train", shard, "--vectorizer", statistics.path_on_executor(),
                        *classifier, *extra, *initial, "-o", out, "-q"]
            return build

        merged = os.path.join(folder, "merged.classify")
        if args.classifier in COUNT_TRAINED:
            # 2. Naive Bayes: one round; the merge is exact.
            models = on_shards(shards, train_argv([]), "shard.classify")
            run_driver([binary_path, "merge", *write_files(folder, "shard.classify", models), "-o", merged])
            rounds = 1
        else:
            # 3. Linear models: tune on shard 0, then rounds of parameter mixing.
            choices = tuned_choices(shards, train_argv, folder, binary_path, args)
            fixed = ["--l2", choices["lambda"], "--nb-weight", "0", "--temperature", "1",
                     "--epochs", str(args.epochs_per_round)]
            for round_index in range(args.rounds):
                start: Optional[ShippedFile] = None
                if round_index > 0:
                    # A new name each round: Spark ships a file name once.
                    previous = os.path.join(folder, f"round-{round_index}.classify")
                    os.replace(merged, previous)
                    start = ship(context, previous, [])
                last = round_index == args.rounds - 1
                argv = train_argv(fixed + (["--keep-counts"] if last else []), start)
                models = on_shards(shards, argv, "shard.classify")
                finish = ["--nb-weight", choices["nb_weight"], "--temperature", choices["temperature"]] if last else []
                run_driver([binary_path, "merge", *write_files(folder, f"round-{round_index + 1}.shard", models),
                            "-o", merged, *finish])
                print(f"{PROG}: round {round_index + 1}/{args.rounds} merged {len(models)} shard models",
                      file=sys.stderr)
            rounds = args.rounds
            # 4. The merged model compressed as `classify train` compresses one (the shard
            #    models kept every weight so that they merge).
            compressed = os.path.join(folder, "compressed.classify")
            run_driver([binary_path, "compress", merged, "-o", compressed, "--json"])
            merged = compressed
        temporary = args.output + f".{os.getpid()}.tmp"
        try:
            with open(merged, "rb") as source, open(temporary, "wb") as target:
                target.write(source.read())
            os.replace(temporary, args.output)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    shards.unpersist()
    seconds = time.monotonic() - started
    summary = json.loads(run_driver([binary_path, "info", args.output, "--json"]))
    documents_count = summary["training"]["documents"]
    print(f"{PROG}: trained {args.classifier} on {documents_count} documents on {context.master} in "
          f"{args.partitions} partitions, {rounds} round{'s' if rounds > 1 else ''}: {seconds:.2f} s; "
          f"wrote {args.output}", file=sys.stderr)
    if args.metrics:
        with open(args.metrics, "w", encoding="utf-8") as file:
            json.dump({"master": context.master, "partitions": args.partitions, "rounds": rounds,
                       "documents": documents_count, "seconds": seconds, "output": args.output}, file)
            file.write("\n")
    return 0


def tuned_choices(shards, train_argv, folder: str, binary_path: str, args: argparse.Namespace) -> dict:
    """λ, the naive Bayes weight and the temperature: as given, else tuned by classify on shard 0."""
    given = {"lambda": args.l2, "nb_weight": args.nb_weight, "temperature": args.temperature}
    if all(value is not None for value in given.values()):
        return given
    # A given λ (or weight, or temperature) is fixed while the others are tuned.
    fixed = [option for name, key in (("--l2", "lambda"), ("--nb-weight", "nb_weight"), ("--temperature", "temperature"))
             if given[key] is not None for option in (name, given[key])]
    tuned = on_shards(shards, train_argv(fixed), "shard.classify", only=0)
    path = write_files(folder, "tuned", tuned)[0]
    choices = json.loads(run_driver([binary_path, "info", path, "--json"]))["classifier_choices"]
    print(f"{PROG}: tuned on shard 0: λ {choices['lambda']}, nb-weight {choices['nb_weight']}, "
          f"temperature {choices['temperature']}", file=sys.stderr)
    return {key: given[key] if given[key] is not None else choices[key] for key in given}


# ---------------------------------------------------------------------------------------------
# Command line


@dataclass(frozen=True)
class Subcommand:
    """A subcommand: its help, its options and what runs it."""

    help: str
    description: str
    epilog: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


SUBCOMMANDS = {
    "predict": Subcommand("predict the categories of documents with a classify model",
                          PREDICT_DESCRIPTION, PREDICT_EPILOG, add_predict_arguments, run_predict),
    "train": Subcommand("train a classify model, one shard per partition, merged on the driver",
                        TRAIN_DESCRIPTION, TRAIN_EPILOG, add_train_arguments, run_train),
}


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """Options every subcommand has."""
    parser.add_argument("--master", metavar="URL",
                        help="Spark master when started with python3 (spark-submit's --master "
                             "otherwise; default local[*])")
    parser.add_argument("--log-level", default="FATAL",
                        choices=["ALL", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF"],
                        help="Spark's log level once started (default: FATAL, so that a failed "
                             "job ends with one line; ERROR shows Spark's own reports)")
    parser.add_argument("--progress", action="store_true", help="show Spark's progress bar")
    parser.add_argument("--metrics", metavar="FILE",
                        help="also write the job's figures (documents, seconds, ...) as JSON")


def build_parser() -> argparse.ArgumentParser:
    """The parser of the whole command line."""
    parser = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", metavar="SUBCOMMAND", required=True)
    for name, command in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=command.help, description=command.description,
                                  epilog=command.epilog,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    """Parses the command line and runs the subcommand; one line on standard error on failure."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except UsageError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except JobError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
