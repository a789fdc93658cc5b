# Helpers shared by every study: which data sets exist, which tables they provide, final targets.
import sys
from pathlib import Path

from snakemake.utils import validate

from virality import data as vdata
from virality import files as vfiles

DATA_DIRS = vfiles.data_dirs(
    config.get("data_dirs", ["data/external", "../shared/data"])
)
DOWNLOAD_DIR = Path("data/external")

# Final outputs of every study, read by the default target and the paper; each study file appends to it.
FINAL_TARGETS = []
# Per-job skip records (results/<study>/<dataset>/skipped.csv, virality.skips): each study file appends
# the ones its jobs write; rule skipped_table gathers them into results/tables/skipped.csv.
SKIP_FILES = []


def _locate_entry(name, entry):
    """Role → path for a configured data set, or (None, message) when a file is missing."""
    files = {}
    for role, spec in (entry.get("files") or {}).items():
        found = vfiles.locate(spec["path"], entry.get("dir"), DATA_DIRS)
        if found is None:
            if config.get("download") and spec.get("url"):
                found = DOWNLOAD_DIR / entry.get("dir", name) / spec["path"]
            else:
                where = ", ".join(str(d / entry.get("dir", "")) for d in DATA_DIRS)
                url = spec.get("url") or entry.get("url") or "its source"
                return None, (
                    f"data set {name!r}: {spec['path']} not found in {where}; download it from {url} "
                    f"into {DOWNLOAD_DIR / entry.get('dir', name)} (or set VIRALITY_DATA). "
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
    """Available data sets that provide ``table`` with the optional ``column`` filled."""
    return sorted(
        d
        for d in datasets_with(table)
        if column in vdata.provided_columns(dataset_entry(d), table)
    )


def canonical(dataset, table):
    return f"results/data/{dataset}/{table}.parquet"


def canonical_dir(dataset):
    return f"results/data/{dataset}"


def dataset_inputs(wildcards):
    return {role: str(p) for role, p in AVAILABLE[wildcards.dataset].items()}


def lexicon_inputs(wildcards):
    return {role: str(p) for role, p in LEXICONS[wildcards.lexicon].items()}


def _alternatives(names):
    return "|".join(sorted(names)) if names else "__none__"


def _download_spec(dsdir, fname):
    for section in ("datasets", "lexicons"):
        for name, entry in (config.get(section) or {}).items():
            if entry.get("dir", name) == dsdir:
                for spec in (entry.get("files") or {}).values():
                    if spec["path"] == fname:
                        return spec
    raise ValueError(f"no configured file {fname!r} in folder {dsdir!r}")


def _download_url(dsdir, fname):
    return _download_spec(dsdir, fname).get("url", "")


def _download_sha(dsdir, fname):
    return _download_spec(dsdir, fname).get("sha256", "")
