# virality: reproductions of the studies that define research on online virality.
# `snakemake --cores all` builds every table, figure and the paper from config/config.yaml.
from snakemake.utils import min_version, validate

min_version("9.0")


configfile: "config/config.yaml"


validate(config, "workflow/schemas/config.schema.yaml")


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/data.smk"
include: "workflow/rules/attribution.smk"
include: "workflow/rules/prediction.smk"
include: "workflow/rules/content.smk"
include: "workflow/rules/influence.smk"
include: "workflow/rules/practice.smk"
include: "workflow/rules/conclusions.smk"
include: "workflow/rules/skips.smk"
include: "workflow/rules/paper.smk"


onstart:
    remove_outdated_results()


onerror:
    print_stop_reasons()


rule all:
    default_target: True
    input:
        FINAL_TARGETS,
