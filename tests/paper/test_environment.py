"""The run's record: versions and machine, and each study's run time from Snakemake's run logs."""

from virality.paper.environment import environment, parse_log, rule_group, runtimes

LOG = """Building DAG of jobs...
[Fri Nov 27 14:21:29 2026]
localrule influence_musiclab:
    output: results/tables/musiclab.csv
    log: logs/influence/musiclab.log
    jobid: 59
[Fri Nov 27 14:21:29 2026]
rule canonical_tables:
    output: results/data/x/events.parquet
    jobid: 7
[Fri Nov 27 14:21:32 2026]
Finished jobid: 7 (Rule: canonical_tables)
[Fri Nov 27 14:21:40 2026]
Finished jobid: 59 (Rule: influence_musiclab)
[Fri Nov 27 14:21:41 2026]
localrule attribution_social:
    output: results/attribution/x/summary.json
    jobid: 3
[Fri Nov 27 14:21:50 2026]
Error in rule attribution_social:
"""


def test_jobs_are_read_from_the_run_log():
    jobs = parse_log(LOG)
    assert [(j["rule"], (j["end"] - j["start"]).seconds) for j in jobs] == [
        ("canonical_tables", 3),
        ("influence_musiclab", 11),
    ]  # the failed job is left out


def test_runtimes_per_study_keep_the_latest_run(tmp_path):
    (tmp_path / "a.snakemake.log").write_text(LOG)
    (tmp_path / "b.snakemake.log").write_text(LOG.replace("14:21:40", "14:21:45"))
    rt = runtimes(sorted(tmp_path.glob("*.snakemake.log"))).set_index("study")
    assert rt.loc["Study D", "n_jobs"] == 1 and rt.loc["Study D", "seconds_total"] == 16
    assert rt.loc["data", "longest_rule"] == "canonical_tables"
    assert rule_group("prediction_gather") == "Study B"
    assert rule_group("seed_run") == "seed check"


def test_environment_lists_the_versions_the_paper_quotes(tmp_path):
    env = environment(2, repo=tmp_path).set_index("item")["value"]
    for item in ("commit", "Python", "snakemake", "pandas", "statsmodels", "scikit-learn"):
        assert env[item], item
    assert env["commit"] == "not a git checkout"
    assert env["cores given to Snakemake"] == "2"
    assert env["memory of the machine"].endswith("GiB")
