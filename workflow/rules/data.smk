# Data layer: every configured data set -> canonical tables results/data/{dataset}/*.parquet.


wildcard_constraints:
    dataset=_alternatives(AVAILABLE),
    lexicon=_alternatives(LEXICONS),


rule canonical_tables:
    input:
        unpack(dataset_inputs),
    output:
        # in the order of virality.io.TABLES ("items" is a reserved name for a named output)
        "results/data/{dataset}/events.parquet",
        "results/data/{dataset}/edges.parquet",
        "results/data/{dataset}/exposures.parquet",
        "results/data/{dataset}/items.parquet",
        "results/data/{dataset}/manifest.json",
    params:
        name=lambda w: w.dataset,
        entry=lambda w: config["datasets"][w.dataset],
        seed=lambda w: vio.stable_seed(config["seed"], "dataset", w.dataset),
        schema_dir=str(SCHEMA_DIR),
    log:
        "logs/data/{dataset}.log",
    script:
        "../scripts/canonical.py"


rule lexicon_table:
    input:
        unpack(lexicon_inputs),
    output:
        "results/data/lexicons/{lexicon}.parquet",
    params:
        name=lambda w: w.lexicon,
        entry=lambda w: config["lexicons"][w.lexicon],
    log:
        "logs/data/lexicon_{lexicon}.log",
    script:
        "../scripts/lexicon.py"


rule download:
    output:
        "data/external/{dsdir}/{fname}",
    params:
        url=lambda w: _download_url(w.dsdir, w.fname),
        sha256=lambda w: _download_sha(w.dsdir, w.fname),
    log:
        "logs/download/{dsdir}/{fname}.log",
    script:
        "../scripts/download.py"


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


FINAL_TARGETS.extend(
    expand("results/data/{dataset}/manifest.json", dataset=sorted(AVAILABLE))
)
