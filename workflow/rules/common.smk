# Helpers shared by every study: which data sets exist, which tables they provide, final targets, and the
# hooks that keep results consistent with the config and put a failed run's data errors last.
import sys
import time
from functools import partial
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

from virality import data as vdata
from virality import files as vfiles

RUN_START = (
    time.time()
)  # logs written after this belong to this run (onerror reads them)
# Automatic downloads (download: true) go to a folder of their own, searched after the data folders: no rule
# output can be a user's file, so `snakemake -F` or `--delete-all-output` never touch data/external.
DOWNLOAD_DIR = Path("data/downloads")
DATA_DIRS = vfiles.data_dirs(
    config.get("data_dirs", ["data/external", "../shared/data"])
)
DATA_DIRS += [DOWNLOAD_DIR] if DOWNLOAD_DIR not in DATA_DIRS else []
# where a user is told to put a missing data set by hand: the first data folder
MANUAL_DIR = DATA_DIRS[0]
# files to download in this run, path under DOWNLOAD_DIR -> its config entry (url, sha256); only files that
# do not exist yet, so the download rule never matches an existing file
DOWNLOADS = {}

# Final outputs of every study, read by the default target and the paper; each study file appends to it.
FINAL_TARGETS = []
# Per-job skip records (results/<study>/<dataset>/skipped.csv, virality.skips): each study file appends
# the ones its jobs write; rule skipped_table gathers them into results/tables/skipped.csv.
SKIP_FILES = []


# What each job asks of a scheduler (config resources:, workflow/schemas/config.schema.yaml): per rule over
# resources.default; profiles/slurm passes them to SLURM. SHARDS splits the heavy replicate work.
RESOURCES = config["resources"]
SHARDS = RESOURCES["shards"]
# data sets whose jobs start first when several jobs are ready (a large one on the critical path)
FIRST = RESOURCES["first"]
_NAMED = sorted(config.get("datasets") or {})
if set(FIRST) - set(_NAMED):
    raise WorkflowError(
        "config resources.first: no data set named "
        + ", ".join(sorted(set(FIRST) - set(_NAMED)))
        + f" (datasets: {', '.join(_NAMED)})"
    )


def job_resource(rule_name, key):
    """``threads``, ``mem_mb`` or ``runtime`` (minutes) of rule ``rule_name`` from the config."""
    value = (RESOURCES["rules"].get(rule_name) or {}).get(key)
    return RESOURCES["default"][key] if value is None else value


def _first_priority(runtime, wildcards):
    """``runtime`` for a job of a data set of resources.first, else 0."""
    return runtime if wildcards.dataset in FIRST else 0


def dataset_priority(rule_name):
    """Scheduling priority of the jobs of ``rule_name`` (of their wildcards): its runtime in minutes for a
    data set of resources.first (the longest jobs start first), else 0."""
    return partial(_first_priority, job_resource(rule_name, "runtime"))


def shard_names():
    """Shard wildcards ``{i}of{n}`` (empty list when the replicate work is not split)."""
    return [f"{i}of{SHARDS}" for i in range(SHARDS)] if SHARDS > 1 else []


def _locate_entry(name, entry):
    """Role → path for a configured data set, or (None, message) when a file is missing."""
    files = {}
    folder = entry.get("dir", name)
    for role, spec in (entry.get("files") or {}).items():
        found = vfiles.locate(spec["path"], entry.get("dir"), DATA_DIRS)
        if found is None:
            if config.get("download") and spec.get("url"):
                found = DOWNLOAD_DIR / folder / spec["path"]
                DOWNLOADS[str(found.relative_to(DOWNLOAD_DIR))] = spec
            else:
                where = ", ".join(str(d / entry.get("dir", "")) for d in DATA_DIRS)
                url = spec.get("url") or entry.get("url") or "its source"
                return None, (
                    f"data set {name!r}: {spec['path']} not found in {where}; download it from {url} "
                    f"into {MANUAL_DIR / folder} (or set VIRALITY_DATA). "
                    "Its studies run on the synthetic stand-ins only."
                )
        files[role] = found
    return files, None


def _resolve(section):
    found, missing = {}, {}
    for name, entry in (config.get(section) or {}).items():
        if not entry.get("enabled", True):
            continue
        vdata.get_format(
            entry["format"]
        )  # unknown format: clear error at planning time
        files, msg = _locate_entry(name, entry)
        if files is None:
            missing[name] = msg
        else:
            found[name] = files
    return found, missing


AVAILABLE, MISSING = _resolve("datasets")
LEXICONS, MISSING_LEXICONS = _resolve("lexicons")
for _msg in list(MISSING.values()) + list(MISSING_LEXICONS.values()):
    print(f"virality: {_msg}", file=sys.stderr)


def dataset_entry(name):
    return config["datasets"][name]


def is_synthetic(name):
    return vdata.get_format(dataset_entry(name)["format"]).synthetic


def datasets_with(*tables):
    """Available data sets whose format provides all of ``tables``, sorted by name."""
    return sorted(
        d
        for d in AVAILABLE
        if set(tables) <= set(vdata.provided_tables(dataset_entry(d)))
    )


def datasets_with_column(table, column):
    """Available data sets that provide ``table`` with the optional ``column`` (format csv: named in the
    file's header)."""
    return sorted(
        d
        for d in datasets_with(table)
        if column in vdata.provided_columns(dataset_entry(d), table, AVAILABLE[d])
    )


def canonical(dataset, table):
    return f"results/data/{dataset}/{table}.parquet"


def canonical_dir(dataset):
    return f"results/data/{dataset}"


def dataset_inputs(wildcards):
    """The data set's files, one per role in the order of ``dataset_roles`` (positional: snakemake reserves
    some names, such as ``items``, for itself)."""
    return [str(p) for p in AVAILABLE[wildcards.dataset].values()]


def dataset_roles(wildcards):
    return list(AVAILABLE[wildcards.dataset])


def lexicon_inputs(wildcards):
    return [str(p) for p in LEXICONS[wildcards.lexicon].values()]


def lexicon_roles(wildcards):
    return list(LEXICONS[wildcards.lexicon])


def _alternatives(names):
    return "|".join(sorted(names)) if names else "__none__"


def _regex_alternatives(values):
    """A wildcard constraint matching exactly ``values`` (escaped), or nothing."""
    import re

    return "|".join(re.escape(v) for v in sorted(values)) if values else "__none__"


# Hooks (the Snakefile registers them). Results are built from the current config only: before any job runs,
# the gathered tables, figures and the paper that this run will rebuild are removed, so that a run that fails
# leaves none describing a data set no longer configured. After a failure, why each step stopped (the data
# errors first) is printed as the last lines of the console.
GATHERED = ("results/tables/", "results/figures/", "paper/build/")


def remove_outdated_results():
    if workflow.touch:
        return
    removed = [
        str(f)
        for job in workflow.dag.needrun_jobs()
        for f in job.output
        if str(f).startswith(GATHERED) and Path(f).is_file()
    ]
    for f in removed:
        Path(f).unlink()
    if removed:
        print(
            f"virality: {len(removed)} outdated table(s), figure(s) or paper file(s) removed; "
            "this run rebuilds them from the current config",
            file=sys.stderr,
        )


def print_stop_reasons():
    import atexit

    logs = sorted(Path("logs").rglob("*.log")) if Path("logs").is_dir() else []
    messages = vfiles.stop_messages(logs, since=RUN_START - 1)
    if messages:
        text = "virality: the run stopped:\n" + "\n".join(f"  {m}" for m in messages)
        # after snakemake's own closing lines: registered now, printed when the process exits
        atexit.register(lambda: print(text, file=sys.stderr, flush=True))
